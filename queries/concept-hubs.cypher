// Question: which concepts are the hubs of the graph (most papers and neighbouring concepts)?
// A concept's `papers` holds how many papers name it, so only the concepts that can reach the
// top 25 (at least the 25th largest count) have their neighbours counted.
MATCH (c:Concept)
WITH c.papers AS papers ORDER BY papers DESC LIMIT 25
WITH min(papers) AS floor
MATCH (c:Concept)
WHERE c.papers >= floor
OPTIONAL MATCH (c)-[:CO_OCCURS]-(n:Concept)
RETURN c.name AS concept, c.type AS type, c.papers AS papers, count(DISTINCT n) AS neighbours
ORDER BY papers DESC, neighbours DESC, concept
LIMIT 25
