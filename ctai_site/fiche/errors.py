"""Problems found in fiches, and the one error type the core raises."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a carrier must fix, printed as `file:line: field: message` (French)."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FicheError(Exception):
    """Raised with every problem of a run at once, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def summary(self) -> str:
        files = len({p.file for p in self.problems})
        n = len(self.problems)
        return f"{n} erreur{'s' if n > 1 else ''} dans {files} fiche{'s' if files > 1 else ''}"

    def report(self) -> str:
        """What a carrier reads: one line per problem, then the count."""
        return f"{self}\n{self.summary()}"
