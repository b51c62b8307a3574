"""Command-line interface: each command parses options, calls one library function, prints.

Commands live in ``pipeline`` (ingest … build), ``reports`` (stats, explain, validate)
and ``graphdb`` (query, push, serve, export); this module holds the group and helpers.

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
        except MemoryError as e:
            raise click.ClickException("out of memory; try fewer --workers or a smaller input") from e
        except OSError as e:  # disk full, permissions: one line, no traceback
            where = f"{e.filename}: " if e.filename else ""
            raise click.ClickException(f"{where}{e.strerror or e}") from e

    return wrapper


MAP_FIELDS = ("id", "title", "abstract", "authors", "date", "url", "doi", "categories", "records")


def _mapping(ctx, param, values) -> dict[str, str]:
    out = {}
    for v in values:
        field_name, sep, key = v.partition("=")
        if not sep or not key or field_name not in MAP_FIELDS:
            raise click.BadParameter(f"{v!r}: use FIELD=KEY with FIELD one of {', '.join(MAP_FIELDS)}")
        out[field_name] = key
    return out


input_options = [
    click.argument("inputs", nargs=-1, required=True, type=click.Path()),
    click.option("--format", "fmt", type=click.Choice(INPUT_FORMATS), default=None,
                 help="Input format; detected from each file when omitted."),
    click.option("--strict", is_flag=True, help="Make the first input problem fatal."),
    click.option("--map", "mapping", multiple=True, callback=_mapping, metavar="FIELD=KEY",
                 help="Read FIELD from the input's KEY (CSV column or JSON key), e.g. --map title=titles; "
                      "--map records=KEY picks the array in a JSON object."),
]


def with_inputs(fn):
    for opt in reversed(input_options):
        fn = opt(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="paperkg")
def main() -> None:
    """paperkg: research-paper listings → a knowledge graph of papers and concepts."""


def _progress(total: int, label: str):
    """A progress bar on stderr with position, rate and ETA (a plain label when stderr is
    not a terminal)."""
    import time

    t0 = time.perf_counter()
    box: list = []

    def rate(_item) -> str:
        return f"{box[0].pos / max(time.perf_counter() - t0, 1e-9):,.0f}/s" if box and box[0].pos else ""

    bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr, show_pos=True, item_show_func=rate)
    box.append(bar)
    return bar


class StageBars:
    """``paperkg.progress.Stages`` for the CLI: one bar per stage, each closed when the next
    one starts (``close`` ends the last). When stderr is not a terminal (a log, CI), each
    stage ends with one line: what it did, how long it took, its rate."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, label: str, total: int):
        import time

        self.close()
        self.bar = _progress(total, label).__enter__()
        self.label, self.t0 = label, time.perf_counter()
        return self.bar.update

    def close(self) -> None:
        if self.bar is None:
            return
        import time

        bar, self.bar = self.bar, None
        bar.__exit__(None, None, None)
        if not sys.stderr.isatty():
            secs = time.perf_counter() - self.t0
            click.echo(f"{self.label}: {bar.pos:,} in {secs:.1f} s ({bar.pos / max(secs, 1e-9):,.0f}/s)", err=True)


def _password() -> str:
    """From NEO4J_PASSWORD, else a hidden prompt; never echoed or logged."""
    import os

    pw = os.environ.get("NEO4J_PASSWORD")
    if pw is None:
        pw = click.prompt("Neo4j password", hide_input=True, err=True)
    return pw


from paperkg.cli import graphdb, pipeline, reports  # noqa: E402,F401  (commands register on import)
