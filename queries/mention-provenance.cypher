// Question: where exactly is a concept mentioned (paper, field, sentence, offsets, rule and text)?
:param name => "DPO";
MATCH (p:Paper)-[r]->(c:Concept)
WHERE c.name = $name
RETURN p.id AS paper, type(r) AS role, r.field AS field, r.sentence AS sentence, r.start AS start,
       r.end AS end, r.rule AS rule, r.mention_count AS mentions, r.surfaces AS surfaces
ORDER BY paper
LIMIT 50
