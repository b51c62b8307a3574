// Question: which datasets and benchmarks are used or evaluated on by the most papers?
MATCH (p:Paper)-[:USES|EVALUATES_ON|INTRODUCES]->(d:Concept)
WHERE d:Dataset OR d:Benchmark
RETURN d.name AS name, d.type AS type, count(DISTINCT p) AS papers
ORDER BY papers DESC, name
LIMIT 25
