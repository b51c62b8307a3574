"""Commands that talk to graph stores: query, push, serve, export."""
from __future__ import annotations

import click

from paperkg.cli import _password, _progress, handle_errors, main
from paperkg.export.neo4j_bolt import BATCH_SIZE


@main.command()
@click.argument("out", type=click.Path())
@click.argument("query_file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a :param default.")
@click.option("--uri", default=None, help="Bolt URI of a Neo4j server (Cypher files); embedded server if omitted.")
@click.option("--user", default="neo4j", show_default=True, help="Neo4j user (with --uri).")
@click.option("--database", default=None, help="Neo4j database (with --uri).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Stop a SPARQL query after this many seconds.")
@handle_errors
def query(out, query_file, fmt, params, uri, user, database, timeout):
    """Run a .rq (SPARQL, embedded store) or .cypher (Bolt) query file on a build."""
    from paperkg.export.neo4j_bolt import check_uri
    from paperkg.query import run_query_file
    from paperkg.query.output import format_rows
    from paperkg.query.params import overrides

    if uri:
        check_uri(uri)
    result = run_query_file(out, query_file, overrides(params), uri=uri, user=user, database=database,
                            password=_password, timeout=timeout)
    click.echo(format_rows(result.columns, result.rows, fmt))




@main.command()
@click.argument("out", type=click.Path())
@click.option("--uri", required=True, help="Bolt URI, e.g. bolt://localhost:7687 or neo4j://host:7687.")
@click.option("--user", default="neo4j", show_default=True, help="User name; the password comes from "
              "NEO4J_PASSWORD or a prompt.")
@click.option("--database", default=None, help="Database name (the server's default when omitted).")
@click.option("--batch-size", type=click.IntRange(1), default=BATCH_SIZE, show_default=True,
              help="Rows per transaction.")
@click.option("--prune", is_flag=True, help="Also delete papers this build no longer holds (and concepts and "
              "repositories left without papers); only nodes paperkg wrote are touched.")
@click.option("--changes", is_flag=True, help="Send only what the last 'build --update' changed (OUT/changes.json); "
              "the database must hold the build that update started from.")
@handle_errors
def push(out, uri, user, database, batch_size, prune, changes):
    """Write a build into Neo4j over Bolt (idempotent MERGE; safe to re-run)."""
    from paperkg.build import load_graph
    from paperkg.export.neo4j_bolt import check_uri, connect, push as run_push, total_rows

    check_uri(uri)
    if prune and changes:
        raise click.UsageError("--prune and --changes do not go together: --changes deletes what the update removed")
    graph, removed = load_graph(out), ([], [])
    if changes:
        from paperkg.store.changes import read_changes

        ch = read_changes(out)
        graph = graph.only(set(ch.papers["added"]) | set(ch.papers["changed"]),
                           set(ch.concepts["added"]) | set(ch.concepts["changed"]), set(ch.repositories["added"]))
        removed = (ch.papers["removed"], ch.concepts["removed"])
    driver = connect(uri, user, _password(), database)
    try:
        with _progress(total_rows(graph), "pushing") as bar:
            result = run_push(graph, uri, user, "", database, batch_size, progress=bar.update, driver=driver,
                              prune=prune, removed=removed)
    finally:
        driver.close()
    for stmt in result.skipped:
        click.echo(f"warning: the server refused an optional index: {stmt}", err=True)
    click.echo(f"pushed {result.rows} rows in {result.seconds:.1f}s; the database now holds "
               f"{result.nodes} nodes and {result.relationships} relationships")


@main.command()
@click.argument("out", type=click.Path())
@click.option("--bolt-port", type=click.IntRange(1, 65535), default=7687, show_default=True)
@click.option("--http-port", type=click.IntRange(1, 65535), default=None, help="ArcadeDB HTTP port (free port if omitted).")
@click.option("--root", type=click.Path(), default=None,
              help="Directory for the server's files (default OUT/arcadedb: the database persists next to the build, "
                   "and a second serve of the same build starts without loading it again).")
@handle_errors
def serve(out, bolt_port, http_port, root):
    """Serve a build over Bolt on 127.0.0.1 (embedded ArcadeDB) until Ctrl-C."""
    import os

    from paperkg.build import load_graph
    from paperkg.export.embedded import EmbeddedServer, clear_state, database_root, ensure_loaded, warm, write_state
    from paperkg.export.neo4j_bolt import connect, counts, total_rows
    from paperkg.store import check

    check(out)
    given = os.environ.get("NEO4J_PASSWORD")
    with EmbeddedServer(root=root or database_root(out), bolt_port=bolt_port, http_port=http_port,
                        password=given) as srv:
        driver = connect(srv.uri, srv.user, srv.password, srv.database)
        try:
            def load(o):
                graph = load_graph(o)
                state["bar"] = _progress(total_rows(graph), "loading").__enter__()
                return graph

            state: dict = {}
            try:
                pushed = ensure_loaded(out, srv, driver, load, progress=lambda n: state["bar"].update(n))
            finally:
                if "bar" in state:
                    state["bar"].__exit__(None, None, None)
            nodes, rels = counts(driver, srv.database)
            click.echo("warming the database's cache …", err=True)
            warm(driver, srv.database)
        finally:
            driver.close()
        write_state(out, srv)
        click.echo(f"serving {nodes} nodes and {rels} relationships"
                   + ("" if pushed else " (already loaded: the database persists in " + srv.root + ")"))
        click.echo(f"  URI:      {srv.uri}")
        click.echo(f"  database: {srv.database}")
        click.echo(f"  user:     {srv.user}")
        click.echo("  password: (from NEO4J_PASSWORD)" if given else f"  password: {srv.password}")
        click.echo("Neo4j Browser or Desktop: connect URL "
                   f"{srv.uri}, authentication 'Username / Password', user {srv.user}, the password above; "
                   f"then ':use {srv.database}' and ':style' with queries/paperkg.grass")
        click.echo(f"ArcadeDB HTTP API (Studio is not bundled with arcadedb-embedded): {srv.http_url}")
        click.echo("Press Ctrl-C to stop.")
        try:
            import signal
            import threading

            signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does: cleanly
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
        finally:
            clear_state(out)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@main.group()
def export():
    """Write a build's graph in another format."""


@export.command("neo4j")
@click.argument("out", type=click.Path())
@handle_errors
def export_neo4j(out):
    """OUT/neo4j/: neo4j-admin import CSV, import.sh and load.cypher."""
    import os

    from paperkg.build import load_graph
    from paperkg.export.neo4j_csv import write_bundle

    counts = write_bundle(load_graph(out), os.path.join(out, "neo4j"))
    click.echo(f"wrote {len(counts)} CSV files ({sum(counts.values())} rows), import.sh and load.cypher "
               f"to {os.path.join(out, 'neo4j')}")


@export.command("rdf")
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "ttl", "nt", "ttl.gz", "nt.gz"]),
              default="turtle", show_default=True, help="turtle = ttl, ntriples = nt; .gz forms are gzip-compressed.")
@click.option("-o", "--output", type=click.Path(), default=None, help="File to write (default OUT/graph.FORMAT).")
@click.option("--no-annotations", is_flag=True, help="Leave the per-mention oa:Annotation provenance out.")
@handle_errors
def export_rdf(out, fmt, output, no_annotations):
    """Write the graph as Turtle or N-Triples, plain or gzip-compressed."""
    import os

    from paperkg import __version__
    from paperkg.build import load_graph
    from paperkg.export.rdf import write_rdf

    from paperkg.build import load_stats
    from paperkg.errors import BuildError
    from paperkg.store import check

    ext = {"turtle": "ttl", "ntriples": "nt"}.get(fmt, fmt)
    path = output or os.path.join(out, f"graph.{ext}")
    own = os.path.relpath(os.path.abspath(path), os.path.abspath(out)).replace(os.sep, "/")
    if own in check(out)["files"] and load_stats(out).get("annotations", True) == no_annotations:
        # the build's own file, but different: it would no longer match the manifest
        raise BuildError(f"{path}: part of the build, written {'with' if no_annotations else 'without'} annotations; "
                         "choose another -o, or rebuild with the options you want")
    n = write_rdf(load_graph(out), path, __version__, annotations=not no_annotations, turtle=ext.startswith("ttl"))
    click.echo(f"wrote {n} triples to {path}")
