// Question: which methods are evaluated on the same benchmarks as a given method?
:param method => "VidLanKD";
MATCH (m:Method)-[:BENCHMARKED_ON]->(b:Concept)<-[:BENCHMARKED_ON]-(other:Method)
WHERE (m.name = $method OR $method IN m.aliases) AND other <> m
RETURN other.name AS method, collect(DISTINCT b.name) AS shared_benchmarks, count(DISTINCT b) AS shared
ORDER BY shared DESC, method
