// Question: how are two concepts connected (shortest path through papers and concepts)?
:param from => "DPO";
:param to => "GSM8K";
MATCH (a:Concept {name: $from})
WITH a
MATCH (b:Concept {name: $to})
MATCH path = shortestPath((a)-[*..6]-(b))
RETURN [n IN nodes(path) | coalesce(n.name, n.title)] AS route, length(path) AS hops
