// Question: on which benchmarks and datasets is a given method evaluated (by the papers that propose it)?
:param method => "VidLanKD";
MATCH (m:Method)-[e:BENCHMARKED_ON]->(d:Concept)
WHERE m.name = $method OR $method IN m.aliases
RETURN m.name AS method, d.name AS data, d.type AS kind, e.papers AS papers
ORDER BY data
