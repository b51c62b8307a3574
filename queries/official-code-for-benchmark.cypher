// Question: which official code repositories belong to methods evaluated on a given benchmark?
:param benchmark => "MATH-500";
MATCH (b:Concept)<-[:BENCHMARKED_ON]-(m:Method)-[:IMPLEMENTED_IN]->(r:Repository)
WHERE b.name = $benchmark OR $benchmark IN b.aliases
RETURN m.name AS method, r.name AS repository, r.url AS url
ORDER BY method, repository
