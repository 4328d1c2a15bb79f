"""The library's own exceptions. Only the CLI (`stance/cli/`) and `app.py` turn them into messages for people.

Every error carries a short code and a hint that says what to do, in the manner of spaCy's
`Errors`: "E101 empty file seeds/x.txt: nothing to ingest. Check the export or remove the file."
"""

from __future__ import annotations


class StanceError(Exception):
    """Base class. `str(err)` is a one-line message naming the input and what to do."""

    code = "E000"

    def __init__(self, message: str, *, source: str = "", hint: str = "") -> None:
        self.message = message
        self.source = source
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.code} {where}{self.message}.{hint}".replace("..", ".")


class SettingsError(StanceError):
    code = "E010"


class IngestError(StanceError):
    """An input could not be turned into an article (the run goes on with the others)."""

    code = "E100"


class ClaimsError(StanceError):
    code = "E200"


class EmbeddingError(StanceError):
    code = "E300"


class LexiconError(StanceError):
    code = "E400"


class StoreError(StanceError):
    code = "E500"


class AnnotationError(StanceError):
    code = "E600"


class EvaluationDataError(StanceError):
    """An evaluation dataset (ClaimDiff, BASIL) is missing or not in the expected format."""

    code = "E710"


class CalibrationError(StanceError):
    """Thresholds cannot be fitted from the data given."""

    code = "E720"


class OutputError(StanceError):
    """An output file or folder cannot be written (a file where a folder should be, no
    permission, disk full)."""

    code = "E800"
