"""Command-line interface: each command parses options, calls one library function, prints.

Library errors (``PaperKGError``) are turned into a one-line message and exit status 1
here and nowhere else.
"""
from __future__ import annotations

import functools
import sys

import click

from paperkg import __version__
from paperkg.errors import PaperKGError

INPUT_FORMATS = ("hf-text", "jsonl", "json", "arxiv-atom", "arxiv-snapshot", "csv")


def _report(err: Exception) -> None:
    click.echo(str(err), err=True)


def handle_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PaperKGError as e:
            raise click.ClickException(str(e)) from e

    return wrapper


input_options = [
    click.argument("inputs", nargs=-1, required=True, type=click.Path()),
    click.option("--format", "fmt", type=click.Choice(INPUT_FORMATS), default=None,
                 help="Input format; detected from each file when omitted."),
    click.option("--strict", is_flag=True, help="Make the first input problem fatal."),
]


def with_inputs(fn):
    for opt in reversed(input_options):
        fn = opt(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperkg")
def main() -> None:
    """paperkg: research-paper listings → a knowledge graph of papers and concepts."""


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="papers.jsonl to write.")
@handle_errors
def ingest(inputs, fmt, strict, output):
    """Read listings (files or directories) into deduplicated paper records."""
    from paperkg.ingest import ingest as run_ingest
    from paperkg.jsonl import write_jsonl

    result = run_ingest(inputs, fmt=fmt, on_problem=_report, strict=strict)
    write_jsonl((p.to_dict() for p in result.papers), output)
    click.echo(result.summary(), err=True)


def _progress(total: int, label: str):
    """A progress bar on stderr (plain label when stderr is not a terminal)."""
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)


def _ingest_inputs(inputs, fmt, strict):
    from paperkg.ingest import ingest as run_ingest

    result = run_ingest(inputs, fmt=fmt, on_problem=_report, strict=strict)
    click.echo(result.summary(), err=True)
    return result.papers


@main.command()
@with_inputs
@click.option("-o", "--output", required=True, type=click.Path(), help="extractions.jsonl to write.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@handle_errors
def extract(inputs, fmt, strict, output, workers):
    """Find methods, datasets, benchmarks, tasks, metrics and links in every paper."""
    from paperkg.extract import extract_papers
    from paperkg.jsonl import write_jsonl

    papers = _ingest_inputs(inputs, fmt, strict)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
