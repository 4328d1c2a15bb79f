"""Writing a file whole: a temporary file in the same folder renamed over the target, so a
reader (a running analysis, a spreadsheet) never sees half a file."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: str | Path, blob: bytes) -> Path:
    """Write `blob` to `path` whole; raises OSError (callers turn it into their own error)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder: the rename is atomic
    try:
        tmp.write_bytes(blob)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return path
