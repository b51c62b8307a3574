// Question: which acronyms does the corpus define, with their long forms and how many papers use each?
MATCH (c:Concept)
WHERE c.acronym IS NOT NULL AND c.long_form IS NOT NULL
RETURN c.acronym AS short, c.long_form AS long, c.type AS type, c.papers AS papers
ORDER BY papers DESC, short, long
