// Question: which papers share at least two datasets or benchmarks with a given paper (by title)?
:param title => "Frozen in Time";
MATCH (p:Paper)-->(d:Concept)<--(other:Paper)
WHERE toLower(p.title) CONTAINS toLower($title) AND (d:Dataset OR d:Benchmark) AND other <> p
WITH other, collect(DISTINCT d.name) AS shared
WHERE size(shared) >= 2
RETURN other.title AS paper, size(shared) AS count, shared
ORDER BY count DESC, paper
