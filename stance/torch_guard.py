"""One lock around the moments torch is imported or hidden.

`stance.nlp` imports spaCy with torch hidden (`sys.modules["torch"] = None`, about a second saved
per run whose encoder is not torch). The background encoder (`stance.embed.background`) loads its
model in another thread at the same time; on a first run it converts the torch model to OpenVINO
and checks it against torch. An `import torch` landing while torch is hidden would raise
ImportError, and "auto" would quietly fall back to another backend or fail. Both sides take
`TORCH_IMPORT`: torch is imported only when it is not hidden, and hidden only when nobody is
importing it. Call these from function bodies only, never at a module's import time: the lock is
held across third-party imports, where Python's import deadlock detection cannot see it.
tests/test_torch_guard.py checks that no other module of the package imports torch itself.
"""

from __future__ import annotations

import threading

TORCH_IMPORT = threading.Lock()


def import_sentence_transformers():
    """`sentence_transformers.SentenceTransformer` (which imports torch), never while torch is
    hidden by another thread."""
    with TORCH_IMPORT:
        from sentence_transformers import SentenceTransformer
    return SentenceTransformer


def import_torch():
    """The torch module, never while torch is hidden by another thread."""
    with TORCH_IMPORT:
        import torch
    return torch
