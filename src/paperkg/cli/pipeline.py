"""Commands that run the pipeline: ingest, extract, evaluate, build."""
from __future__ import annotations

import click

from paperkg.cli import _progress, _report, handle_errors, main, with_inputs


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="papers.jsonl to write.")
@handle_errors
def ingest(inputs, fmt, strict, mapping, output):
    """Read listings (files or directories) into deduplicated paper records."""
    from paperkg.jsonl import write_jsonl

    papers = _ingest_inputs(inputs, fmt, strict, mapping)
    write_jsonl((p.to_dict() for p in papers), output)


def _ingest_inputs(inputs, fmt, strict, mapping):
    from paperkg.ingest import ingest as run_ingest, require_papers

    result = run_ingest(inputs, fmt=fmt, on_problem=_report, strict=strict, mapping=mapping)
    click.echo(result.summary(), err=True)
    require_papers(result, inputs)
    return result.papers


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="extractions.jsonl to write.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@handle_errors
def extract(inputs, fmt, strict, mapping, output, workers):
    """Find methods, datasets, benchmarks, tasks, metrics and links in every paper."""
    from paperkg.extract import extract_papers
    from paperkg.jsonl import write_jsonl

    papers = _ingest_inputs(inputs, fmt, strict, mapping)
    with _progress(len(papers), "extracting") as bar:
        extractions = extract_papers(papers, workers=workers, progress=bar.update)
    n = write_jsonl((e.to_dict() for e in extractions), output)
    mentions = sum(len(e.entities) for e in extractions)
    click.echo(f"wrote {n} papers, {mentions} mentions to {output}", err=True)


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
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Extraction processes.")
@click.option("--sparql", is_flag=True, help="Also make the persistent SPARQL store (OUT/sparql/) now, "
              "instead of at the first query.")
@handle_errors
def build(inputs, fmt, strict, mapping, out, workers, sparql):
    """Ingest, extract, link and export everything into OUT."""
    from paperkg.build import build as run_build

    state = {}

    def start(n):
        state["bar"] = _progress(n, "extracting").__enter__()

    def step(n):
        state["bar"].update(n)

    try:
        result = run_build(inputs, out, fmt=fmt, strict=strict, workers=workers, on_problem=_report,
                           progress=step, on_papers=start, mapping=mapping)
    finally:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)
    click.echo(result.summary, err=True)
    if sparql:
        from paperkg.query.sparql import ensure_store

        ensure_store(out, progress=lambda msg: click.echo(msg, err=True))


