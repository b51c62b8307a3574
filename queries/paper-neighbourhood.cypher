// Question: what lies within two hops of a given paper (its concepts and the papers sharing them)?
:param title => "Timo: Towards";
MATCH (p:Paper)
WHERE toLower(p.title) CONTAINS toLower($title)
MATCH (p)-[r1]->(c:Concept)<-[r2]-(other:Paper)
RETURN p.title AS paper, type(r1) AS role, c.name AS concept, count(DISTINCT other) AS other_papers,
       collect(DISTINCT other.title)[0..3] AS examples
ORDER BY other_papers DESC, concept
LIMIT 30
