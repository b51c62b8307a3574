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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
