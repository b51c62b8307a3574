// Question: where exactly is a concept mentioned (paper, field, sentence, offsets, rule and text of every mention)?
:param name => "DPO";
MATCH (p:Paper)-[r]->(c:Concept)
WHERE c.name = $name AND r.starts IS NOT NULL
UNWIND range(0, size(r.starts) - 1) AS i
WITH p, r, i, CASE r.fields[i] WHEN 'title' THEN p.title ELSE p.abstract END AS text
RETURN p.id AS paper, type(r) AS role, r.fields[i] AS field, r.sentences[i] AS sentence, r.starts[i] AS start,
       r.ends[i] AS end, r.rule AS rule, substring(text, r.starts[i], r.ends[i] - r.starts[i]) AS mention
ORDER BY paper, start
LIMIT 50
