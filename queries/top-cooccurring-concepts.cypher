// Question: which pairs of concepts are named together in the most papers?
MATCH (a:Concept)-[c:CO_OCCURS]->(b:Concept)
RETURN a.name AS first, b.name AS second, c.papers AS papers
ORDER BY papers DESC, first, second
LIMIT 25
