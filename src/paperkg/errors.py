"""One exception tree for the whole library; only the CLI turns these into messages."""
from __future__ import annotations


class PaperKGError(Exception):
    """Base of every error paperkg raises on purpose."""


class IngestError(PaperKGError):
    """A problem with one input record or file, located as ``path:line``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.location + ": " + message)

    def __reduce__(self):  # crosses process borders (Dask workers) with its parts intact
        return type(self), (self.path, self.line, self.message)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


class ExtractError(PaperKGError):
    """The extractor could not be set up (a broken pattern or gazetteer file)."""


class DataFileError(ExtractError):
    """A bundled data file (patterns, gazetteer) is malformed; names file and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}")

    def __reduce__(self):
        return type(self), (self.path, self.line, self.message)


class EvaluateError(PaperKGError):
    """A gold or prediction file cannot be scored."""


class BuildError(PaperKGError):
    """A build directory is missing or incomplete."""


class ExportError(PaperKGError):
    """Writing or validating an export failed."""


class ValidationFailed(ExportError):
    """SHACL validation found violations; ``report`` holds the readable text."""

    def __init__(self, report: str, count: int) -> None:
        self.report, self.count = report, count
        super().__init__(f"{count} SHACL violation(s)\n{report}")


class QueryError(PaperKGError):
    """A query file could not be read, parsed or run."""


class Neo4jError(PaperKGError):
    """A Bolt connection or write failed (wrong password, unreachable server, …)."""


class ServerError(PaperKGError):
    """The embedded Bolt server could not be started or stopped."""
