"""Several builds pushed into one database: derived parts agree with what it holds, a
re-pushed paper's relationships are replaced, --prune touches only what paperkg wrote."""
from __future__ import annotations

import pytest

from paperkg.export.embedded import EmbeddedServer
from paperkg.export.neo4j_bolt import connect, push
from paperkg.extract import extract_papers
from paperkg.link import link
from paperkg.model import Paper

pytestmark = pytest.mark.slow


def _graph(*papers: Paper):
    return link(list(papers), extract_papers(list(papers)))


def P(pid: str, abstract: str) -> Paper:
    return Paper(id=pid, title=f"Study {pid}", abstract=abstract, sources=(f"t:{pid}",))


def test_hostile_pushes_of_several_builds_stay_consistent(tmp_path):
    a = _graph(P("p:1", "We train QuarkNet on GSM8K. It helps."), P("p:2", "QuarkNet is evaluated on GSM8K here."))
    b = _graph(P("p:3", "We compare QuarkNet and others on GSM8K."))
    changed = _graph(P("p:1", "A longer first sentence comes before the names now. QuarkNet improves on GSM8K."),
                     P("p:2", "QuarkNet is evaluated on GSM8K here."))
    with EmbeddedServer(root=str(tmp_path / "db")) as srv:
        driver = connect(srv.uri, srv.user, srv.password, srv.database)
        run = lambda q: [dict(r) for r in driver.session(database=srv.database).run(q)]  # noqa: E731
        try:
            push(a, srv.uri, srv.user, srv.password, srv.database, driver=driver)
            push(b, srv.uri, srv.user, srv.password, srv.database, driver=driver)
            (row,) = run("MATCH (c:Concept {id: 'dataset:gsm8k'}) OPTIONAL MATCH (p:Paper)-[r]->(c) "
                         "RETURN c.papers AS said, count(DISTINCT p) AS held, c.proposed_by AS by")
            assert row["said"] == row["held"] == 3
            (co,) = run("MATCH (a:Concept)-[r:CO_OCCURS]-(b:Concept) WHERE a.name = 'QuarkNet' "
                        "AND b.id = 'dataset:gsm8k' RETURN r.papers AS n")
            assert co["n"] == 3

            push(changed, srv.uri, srv.user, srv.password, srv.database, driver=driver)
            rows = run("MATCH (p:Paper {id: 'p:1'})-[r]->(c:Concept) RETURN p.abstract AS text, r.start AS s, "
                       "r.end AS e, r.surfaces AS surf")
            assert rows and all(r["text"][r["s"]:r["e"]] == r["surf"][0] for r in rows)

            run("CREATE (:Paper {id: 'someone-else', title: 'Not ours'})")
            push(b, srv.uri, srv.user, srv.password, srv.database, driver=driver, prune=True)
            ids = {r["id"] for r in run("MATCH (p:Paper) RETURN p.id AS id")}
            assert ids == {"p:3", "someone-else"}
            (row,) = run("MATCH (c:Concept {id: 'dataset:gsm8k'}) OPTIONAL MATCH (p:Paper)-[r]->(c) "
                         "RETURN c.papers AS said, count(DISTINCT p) AS held")
            assert row["said"] == row["held"] == 1
            assert run("MATCH ()-[r:CO_OCCURS]->() RETURN count(r) AS n") == [{"n": 0}]  # one paper is below the minimum
        finally:
            driver.close()
