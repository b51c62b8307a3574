// Question: which papers both propose a method and introduce a dataset or benchmark?
// Starts from the introductions, which are far fewer than the papers.
MATCH (d:Concept)<-[:INTRODUCES]-(p:Paper)-[:PROPOSES]->(m:Method)
WITH p.title AS paper, m.name AS method, d.name AS data ORDER BY method, data
RETURN paper, collect(DISTINCT method) AS methods, collect(DISTINCT data) AS data
ORDER BY paper
