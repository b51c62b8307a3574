// Question: which papers on a given task link their official code?
:param task => "mathematical reasoning";
MATCH (p:Paper)-->(t:Task)
WHERE t.name = $task OR $task IN t.aliases
MATCH (p)-[h:HAS_CODE]->(r:Repository)
WHERE h.official = true
RETURN p.title AS paper, r.name AS repository, r.url AS url
ORDER BY paper
