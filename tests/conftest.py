from __future__ import annotations

import os
from pathlib import Path  # noqa: F401

import pytest

from paths import FIXTURES


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def problems():
    """Collects reported problems as 'path:line: message' strings, paths made relative."""
    seen: list[str] = []

    def report(err):
        seen.append(str(err).replace(str(FIXTURES) + os.sep, ""))

    report.seen = seen
    return report


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """One build of the seed listings shared by the tests that only read it."""
    from paperkg.build import build
    from paths import SEEDS

    out = tmp_path_factory.mktemp("seed-build") / "out"
    build([str(SEEDS)], str(out), workers=2)
    return out


@pytest.fixture(scope="session")
def arcade(tmp_path_factory):
    """The embedded ArcadeDB Bolt server on 127.0.0.1 (free ports, temporary directory)."""
    from paperkg.export.embedded import EmbeddedServer

    with EmbeddedServer(root=str(tmp_path_factory.mktemp("arcadedb"))) as srv:
        yield srv


@pytest.fixture(scope="session")
def pushed(arcade, seed_build):
    """The seed build pushed once into the session server: (driver, graph, first push)."""
    from paperkg.build import load_graph
    from paperkg.export.neo4j_bolt import connect, push

    graph = load_graph(str(seed_build))
    driver = connect(arcade.uri, arcade.user, arcade.password, arcade.database)
    result = push(graph, arcade.uri, arcade.user, arcade.password, arcade.database, batch_size=500, driver=driver)
    yield driver, graph, result
    driver.close()
