// Question: which papers share at least two datasets or benchmarks with a given paper (by title)?
// The given paper is the first (by id) whose title contains the text, as in the SPARQL pack;
// the 50 papers sharing most data with it, most first.
:param title => "Frozen in Time";
MATCH (p:Paper)
WHERE toLower(p.title) CONTAINS toLower($title)
WITH p ORDER BY p.id LIMIT 1
MATCH (p)-[:PROPOSES|INTRODUCES|USES|EVALUATES_ON|COMPARES_WITH|MENTIONS]->(d:Concept)
WHERE d:Dataset OR d:Benchmark
MATCH (d)<-[:PROPOSES|INTRODUCES|USES|EVALUATES_ON|COMPARES_WITH|MENTIONS]-(other:Paper)
WHERE other <> p
WITH other, d.name AS name ORDER BY name
WITH other, collect(DISTINCT name) AS shared
WHERE size(shared) >= 2
RETURN other.title AS paper, other.id AS id, size(shared) AS count, shared
ORDER BY count DESC, paper, id
LIMIT 50
