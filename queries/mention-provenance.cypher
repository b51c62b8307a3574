// Question: where exactly is a concept mentioned (paper, field, sentence, offsets, rule and text of every mention)?
// The first 50 mentions by paper id. Starting from the concept and naming the paper-to-concept
// relationship types keeps the walk to that concept's papers.
:param name => "DPO";
MATCH (c:Concept {name: $name})<-[r:PROPOSES|INTRODUCES|USES|EVALUATES_ON|COMPARES_WITH|MENTIONS]-(p:Paper)
WHERE r.starts IS NOT NULL
WITH p, r ORDER BY p.id LIMIT 50
UNWIND range(0, size(r.starts) - 1) AS i
WITH p, r, i, CASE r.fields[i] WHEN 'title' THEN p.title ELSE p.abstract END AS text
RETURN p.id AS paper, type(r) AS role, r.fields[i] AS field, r.sentences[i] AS sentence, r.starts[i] AS start,
       r.ends[i] AS end, r.rule AS rule, substring(text, r.starts[i], r.ends[i] - r.starts[i]) AS mention
ORDER BY paper, start
LIMIT 50
