"""What ingestion hands back: articles, and one-line problems for the inputs it could not use."""

from __future__ import annotations

from dataclasses import dataclass, field

from stance.schema import Article

DUPLICATE = "duplicate"  # Problem.kind of an input whose text is already ingested


@dataclass(frozen=True)
class Problem:
    """One line for people: names the input and says what to do. `level` is "error" when the
    input was skipped, "warning" when it was ingested with a caveat (no date, unknown outlet)
    or skipped as a `DUPLICATE` (`kind`), which a caller counts as read, not as a failure."""

    source: str
    message: str
    level: str = "error"
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: IngestResult) -> None:
        self.articles.extend(other.articles)
        self.problems.extend(other.problems)
