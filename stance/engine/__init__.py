"""Scale-out engine: the same pipeline with its heavy stages on a Dask distributed cluster.

    report = analyze_dask(paths, store, settings)            # LocalCluster on 127.0.0.1
    report = analyze_dask(paths, store, settings.replace(scheduler="tcp://host:8786"))

Dask is imported only when the engine runs, so `import stance` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from stance.config.settings import Settings


def analyze_dask(paths: Iterable[str | Path], store, settings: Settings, progress=None, client=None):
    """See `stance.engine.run.analyze_dask`."""
    from stance.engine.run import analyze_dask as run

    return run(paths, store, settings, progress=progress, client=client)


__all__ = ["analyze_dask"]
