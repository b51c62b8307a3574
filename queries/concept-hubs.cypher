// Question: which concepts are the hubs of the graph (most papers and neighbouring concepts)?
MATCH (c:Concept)
OPTIONAL MATCH (c)<-[r]-(:Paper)
WITH c, count(r) AS papers
OPTIONAL MATCH (c)-[:CO_OCCURS]-(n:Concept)
RETURN c.name AS concept, c.type AS type, papers, count(DISTINCT n) AS neighbours
ORDER BY papers DESC, neighbours DESC, concept
LIMIT 25
