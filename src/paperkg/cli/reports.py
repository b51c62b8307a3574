"""Commands that look at a build: stats, explain, validate."""
from __future__ import annotations

import sys

import click

from paperkg.cli import handle_errors, main


@main.command()
@click.argument("out", type=click.Path())
@click.option("--top", type=click.IntRange(1), default=10, show_default=True, help="Concepts listed per type.")
@handle_errors
def stats(out, top):
    """Counts by type and the most-named concepts of a build."""
    from paperkg.stats import render_stats

    click.echo(render_stats(out, top))


@main.command()
@click.argument("name")
@click.option("--build", "out", default="out", show_default=True, type=click.Path(), help="Build directory.")
@handle_errors
def explain(name, out):
    """Why names were merged into the concept NAME, with supporting sentences."""
    from paperkg.explain import explain as run_explain

    click.echo(run_explain(out, name))


@main.command()
@click.argument("out", type=click.Path())
@handle_errors
def validate(out):
    """Check a build (its manifest, hashes and graph.ttl) or one Turtle file against the
    bundled SHACL shapes."""
    import os

    from paperkg.errors import ValidationFailed
    from paperkg.export.validate import validate_file
    from paperkg.store import require, verify

    if os.path.isfile(out):  # a Turtle file of its own
        path = out
    else:
        from paperkg.store.layout import rdf_file

        path = require(out, rdf_file(out))
        changed = verify(out)  # validate reads every byte anyway: check the hashes too
        if changed:
            raise click.ClickException(f"{out}: {', '.join(changed)} changed since the build (sha256 differs "
                                       "from build.json); rebuild it")
    try:
        n = validate_file(path)
    except ValidationFailed as e:
        click.echo(f"{path}: {e.count} SHACL violation(s)", err=True)
        click.echo(e.report, err=True)
        sys.exit(1)
    click.echo(f"{path}: conforms to the paperkg shapes ({n} triples)")




@main.command()
@click.argument("out", type=click.Path())
@click.option("-o", "--output", "directory", default=None, type=click.Path(),
              help="Directory for the PNG files (default: OUT/plots).")
@handle_errors
def plot(out, directory):
    """Pictures of a build: top concepts and the largest co-occurrence community (PNG)."""
    from paperkg.plot import write_pictures

    for path in write_pictures(out, directory):
        click.echo(f"wrote {path}")
