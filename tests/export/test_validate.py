from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from paperkg.cli import main
from paperkg.errors import ExportError, ValidationFailed
from paperkg.export.validate import validate_file


@pytest.mark.slow
def test_validate_seed_build_conforms(seed_build):
    assert validate_file(str(seed_build / "graph.ttl")) > 50_000


@pytest.mark.slow
def test_validate_broken_copy_fails_with_readable_messages(seed_build, tmp_path):
    text = (seed_build / "graph.ttl").read_text()
    text = re.sub(r"\tdcterms:title \"[^\"]*\" ;\n", "", text, count=1)       # a paper loses its title
    text = re.sub(r"oa:start (\d+) ;", "oa:start 999999 ;", text, count=1)    # a start after its end
    broken = tmp_path / "graph.ttl"
    broken.write_text(text)
    with pytest.raises(ValidationFailed) as err:
        validate_file(str(broken))
    report = err.value.report
    assert err.value.count == 2
    assert "every paper has exactly one non-empty title" in report
    assert "before its end" in report
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert "2 SHACL violation(s)" in result.stderr
    refused = CliRunner().invoke(main, ["validate", str(tmp_path)])  # a directory must be a whole build
    assert refused.exit_code == 1 and "not a complete paperkg build (no build.json)" in refused.stderr


def test_validate_missing_or_invalid_file_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="graph.ttl: not found; run 'paperkg build' first"):
        validate_file(str(tmp_path / "graph.ttl"))
    (tmp_path / "bad.ttl").write_text("<a> <b> .")
    with pytest.raises(ExportError, match="bad.ttl: not valid Turtle"):
        validate_file(str(tmp_path / "bad.ttl"))
