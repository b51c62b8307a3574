"""Commands that run the pipeline: ingest, extract, evaluate, build."""
from __future__ import annotations

import os

import click

from paperkg.cli import StageBars, _report, handle_errors, main, with_inputs

RDF_FORMATS = ("ttl", "nt", "ttl.gz", "nt.gz")  # as export.rdf.RDF_FORMATS, without importing rdflib here


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="papers.jsonl to write.")
@handle_errors
def ingest(inputs, fmt, strict, mapping, output):
    """Read listings (files or directories) into deduplicated paper records."""
    from paperkg.alone import ingest_only

    done = ingest_only(inputs, output, fmt, strict, _report, mapping, workers=os.cpu_count() or 1)
    click.echo(done.summary, err=True)


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="extractions.jsonl to write.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Worker processes (default: one per core).")
@handle_errors
def extract(inputs, fmt, strict, mapping, output, workers):
    """Find methods, datasets, benchmarks, tasks, metrics and links in every paper."""
    from paperkg.alone import extract_only

    bars = StageBars()
    try:
        done = extract_only(inputs, output, fmt, strict, _report, mapping, workers or os.cpu_count() or 1, bars)
    finally:
        bars.close()
    click.echo(f"{done.summary}; wrote {done.papers} papers, {done.mentions} mentions to {output}", err=True)


@main.command()
@click.argument("gold", type=click.Path())
@click.option("--pred", type=click.Path(), default=None,
              help="extractions.jsonl to score; extraction runs on the gold texts when omitted.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@handle_errors
def evaluate(gold, pred, as_json, workers):
    """Precision, recall and F1 per category against a gold file."""
    import json

    from paperkg.evaluate import evaluate as run_evaluate

    report = run_evaluate(gold, pred, workers=workers)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())


@main.command()
@with_inputs
@click.option("-o", "--out", "out", required=True, type=click.Path(), help="Output directory.")
@click.option("--workers", type=click.IntRange(1), default=None, help="Extraction processes (default: one per core).")
@click.option("--sparql", is_flag=True, help="Also make the persistent SPARQL store (OUT/sparql/) now, "
              "instead of at the first query.")
@click.option("--rdf", "rdf", multiple=True, type=click.Choice(RDF_FORMATS), default=("ttl",), show_default=True,
              help="RDF files to write, OUT/graph.FORMAT; repeat for several (.gz: streamed gzip).")
@click.option("--no-annotations", is_flag=True, help="Leave the per-mention oa:Annotation provenance out of the "
              "RDF (about a fifth of the triples); Neo4j relationships keep their places either way.")
@click.option("--update", is_flag=True, help="Add INPUT to the build in OUT: extract only the papers it lacks, "
              "resolve concepts again, and write OUT/changes.json (what 'push --changes' sends). Runs in place "
              "(appending to OUT's files, journalled) unless old papers' edges change.")
@click.option("--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
              help="Where the stages run: here, or as Dask tasks (pip install 'paperkg[dask]'); same output.")
@click.option("--scheduler", metavar="tcp://HOST:8786", default=None,
              help="With --engine dask: the cluster's scheduler (default: a local cluster of --workers "
              "processes on 127.0.0.1). Every worker must see OUT at the same path.")
@handle_errors
def build(inputs, fmt, strict, mapping, out, workers, sparql, rdf, no_annotations, update, engine, scheduler):
    """Ingest, extract, link and export everything into OUT."""
    import contextlib

    from paperkg.build import build as run_build

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if sparql and "://" in out:
        raise click.UsageError("--sparql needs OUT on a file system (the store is made beside the build)")
    workers = workers or os.cpu_count() or 1
    bars, runner = StageBars(), None
    try:
        with _engine(engine, scheduler, workers) or contextlib.nullcontext() as runner:
            result = run_build(inputs, out, fmt=fmt, strict=strict, workers=workers, on_problem=_report, stages=bars,
                               mapping=mapping, rdf=tuple(dict.fromkeys(rdf)), annotations=not no_annotations,
                               update=update, engine=runner)
    finally:
        bars.close()
    click.echo(result.summary, err=True)
    if runner is not None:
        spent = ", ".join(f"{k} {v:.1f} s" for k, v in runner.client_seconds.items())
        click.echo(f"dask: serial work on the client: {spent}", err=True)
    if sparql:
        from paperkg.query.sparql import ensure_store

        ensure_store(out, progress=lambda msg: click.echo(msg, err=True))




def _engine(name: str, scheduler: str | None, workers: int):
    if name != "dask":
        return None
    from paperkg.cluster import DaskEngine

    engine = DaskEngine(scheduler, workers)
    click.echo(f"dask: {engine.workers} workers at {engine.client.scheduler.address}", err=True)
    return engine
