// Question: which datasets and benchmarks are used together in the same papers most often?
MATCH (d1:Concept)<-[:USES|EVALUATES_ON|INTRODUCES]-(p:Paper)-[:USES|EVALUATES_ON|INTRODUCES]->(d2:Concept)
WHERE (d1:Dataset OR d1:Benchmark) AND (d2:Dataset OR d2:Benchmark) AND d1.id < d2.id
RETURN d1.name AS first, d2.name AS second, count(DISTINCT p) AS papers
ORDER BY papers DESC, first, second
LIMIT 25
