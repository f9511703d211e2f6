"""Domain errors with messages a person can act on."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldProblem:
    """One thing wrong with one field of one record."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


@dataclass
class CatalogueDataError(Exception):
    """Input data that cannot be stored; ``problems`` names each bad record and field."""

    problems: list[FieldProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems) or "invalid catalogue data"
