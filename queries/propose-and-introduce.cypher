// Question: which papers both propose a method and introduce a dataset or benchmark?
MATCH (p:Paper)-[:PROPOSES]->(m:Method)
MATCH (p)-[:INTRODUCES]->(d:Concept)
RETURN p.title AS paper, collect(DISTINCT m.name) AS methods, collect(DISTINCT d.name) AS data
ORDER BY paper
