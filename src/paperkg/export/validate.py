"""SHACL validation of a build's RDF (``graph.ttl`` or another form) against the bundled shapes (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from paperkg.errors import ExportError, ValidationFailed


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus} {self.path}: {self.message}{value}"


def shapes_text() -> str:
    return resources.files("paperkg.export").joinpath("shapes.ttl").read_text(encoding="utf-8")


def validate_file(path: str) -> int:
    """Validate; returns the number of triples checked, raises ``ValidationFailed``."""
    import rdflib
    from pyshacl import validate
    from rdflib.namespace import SH

    from paperkg.store.layout import open_rdf

    data = rdflib.Graph()
    try:
        with open_rdf(path) as fh:
            data.parse(fh, format="turtle" if ".ttl" in path else "nt")
    except FileNotFoundError as e:
        raise ExportError(f"{path}: not found; run 'paperkg build' first") from e
    except Exception as e:  # rdflib raises several parser error types
        raise ExportError(f"{path}: not valid Turtle ({str(e).splitlines()[0]})") from e
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none")
    if conforms:
        return len(data)
    def one(result, p) -> str:
        v = results.value(result, p)
        return "" if v is None else (v.n3(data.namespace_manager) if not isinstance(v, rdflib.Literal) else str(v))

    violations = [Violation(one(r, SH.focusNode), one(r, SH.resultPath), one(r, SH.resultMessage), one(r, SH.value))
                  for r in results.subjects(rdflib.RDF.type, SH.ValidationResult)]
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    raise ValidationFailed("\n".join(map(str, violations)), len(violations))
