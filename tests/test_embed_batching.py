"""The OpenVINO encoder batches texts by exact token count (no padding): a text's vector is the
same bits whatever else is encoded with it, in one call or many, on every thread count."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from stance.embed.openvino_backend import same_length_batches

# made-up sentences of very different lengths, several sharing a length
TEXTS = [
    "The two ministers met in Lorvik.",
    "Talks ended.",
    "Delegations from Norvania and Estmark discussed grain, gas and the border crossings for "
    "three hours on Tuesday, the foreign ministry said in a statement after the meeting.",
    "Talks began.",
    "The envoy thanked his hosts for their warm welcome and invited them to visit next spring.",
    "Both sides agreed to meet again.",
    "A joint statement is expected.",
    "Ports reopened.",
]
# many lengths in batches of the default size: with padding, these vectors moved by ~5e-4
WORDS = "minister talks border grain ports envoy delegation agreed statement visit spring hosts".split()
MANY = [" ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(3 + (i * 5) % 40)).capitalize() + "."
        for i in range(160)]


def test_batches_hold_one_length_each_longest_first_and_every_row_once():
    lengths = np.array([3, 5, 3, 5, 5, 1, 3])
    batches = same_length_batches(lengths, 2)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) <= 2 and len(set(lengths[b])) == 1 for b in batches)
    assert [int(lengths[b[0]]) for b in batches] == [5, 5, 3, 3, 1]
    assert [list(b) for b in batches[:2]] == [[1, 3], [4]]  # equal lengths keep input order
    assert same_length_batches(np.array([], dtype=np.int64), 4) == []


@pytest.fixture(scope="module")
def openvino(tmp_path_factory):
    from stance.config.settings import Settings
    from stance.embed import OpenVINOEmbedder

    return OpenVINOEmbedder(Settings(cache_dir=str(tmp_path_factory.mktemp("ov"))))


@pytest.mark.slow
def test_a_vector_does_not_depend_on_the_texts_encoded_with_it(openvino):
    texts = TEXTS + MANY
    whole = openvino.encode(texts)
    one_by_one = np.concatenate([openvino.encode([t]) for t in texts])
    reversed_ = openvino.encode(texts[::-1])[::-1]
    assert np.array_equal(whole, one_by_one)
    assert np.array_equal(whole, reversed_)
    np.testing.assert_allclose(np.linalg.norm(whole, axis=1), 1.0, rtol=1e-5)


@pytest.mark.slow
def test_sharing_the_cores_changes_no_vector(openvino):
    whole = openvino.encode(TEXTS + MANY)
    beside = threading.Event()
    beside.set()
    openvino.share_cores(beside)
    try:
        lean = openvino.encode(TEXTS + MANY)
    finally:
        openvino.share_cores(None)
    assert np.array_equal(whole, lean)
