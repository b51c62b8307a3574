// Question: what lies within two hops of a given paper (its concepts and the papers sharing them)?
// The given paper is the first (by id) whose title contains the text, as in the SPARQL pack.
// A concept's `papers` counts the papers naming it; the examples are three of the others.
:param title => "Timo: Towards";
MATCH (p:Paper)
WHERE toLower(p.title) CONTAINS toLower($title)
WITH p ORDER BY p.id LIMIT 1
MATCH (p)-[r:PROPOSES|INTRODUCES|USES|EVALUATES_ON|COMPARES_WITH|MENTIONS]->(c:Concept)
CALL {
  WITH p, c
  MATCH (c)<-[:PROPOSES|INTRODUCES|USES|EVALUATES_ON|COMPARES_WITH|MENTIONS]-(other:Paper)
  WHERE other <> p
  WITH DISTINCT other.title AS title ORDER BY title LIMIT 3
  RETURN collect(title) AS examples
}
RETURN p.title AS paper, type(r) AS role, c.name AS concept, c.papers - 1 AS other_papers, examples
ORDER BY other_papers DESC, concept
LIMIT 30
