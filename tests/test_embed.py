"""Embedders: the hash double is deterministic; the real backends are normalized, cached in the
store, and the OpenVINO conversion matches torch and lives outside site-packages."""

from __future__ import annotations

import numpy as np
import pytest

from stance.config.settings import Settings
from stance.embed import HashEmbedder, fidelity, get_embedder
from stance.errors import EmbeddingError
from stance.store import open_store
from stance.store.embeddings import encode_cached


def test_hash_double_is_deterministic_and_normalized():
    a = HashEmbedder().encode(["Wang met Lavrov in Moscow.", "Trade grew."])
    b = HashEmbedder().encode(["Wang met Lavrov in Moscow.", "Trade grew."])
    assert a.dtype == np.float32 and a.shape == (2, 384)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)


def test_hash_double_similar_texts_are_closer():
    v = HashEmbedder().encode(["China and Russia agreed to deepen ties.",
                               "China and Russia agreed to deepen their ties.",
                               "Oil prices fell sharply on Friday."])
    assert v[0] @ v[1] > 0.8 > v[0] @ v[2]


def test_unknown_backend_raises():
    with pytest.raises(EmbeddingError, match="backend"):
        get_embedder(Settings(embed_backend="nonsense"))


def test_cache_encodes_only_new_texts(tmp_db):
    store, emb = open_store(tmp_db), HashEmbedder()
    first = encode_cached(store, emb, ["a claim", "another claim", "a claim"])
    assert emb.calls == 1
    again = encode_cached(store, emb, ["another claim", "a claim"])
    assert emb.calls == 1  # all cached: no encode call
    np.testing.assert_array_equal(again[1], first[0])
    encode_cached(store, emb, ["a claim", "a new one"])
    assert emb.calls == 2
    n = store.query("SELECT COUNT(*) AS n FROM embeddings")[0]["n"]
    assert n == 3


@pytest.fixture(scope="session")
def torch_embedder():
    from stance.embed import TorchEmbedder

    return TorchEmbedder()


@pytest.mark.slow
def test_torch_real_model_normalized_and_cached(torch_embedder, tmp_db):
    store = open_store(tmp_db)
    texts = ["Wang Yi held talks with Sergei Lavrov.", "Beijing and Moscow deepened ties."]
    calls = torch_embedder.calls
    v = encode_cached(store, torch_embedder, texts)
    assert v.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-4)
    encode_cached(store, torch_embedder, texts)
    assert torch_embedder.calls == calls + 1  # the second call was a cache hit


@pytest.mark.slow
def test_openvino_matches_torch_and_caches_outside_site_packages(torch_embedder, tmp_path):
    from stance.embed import PROBE_TEXTS, OpenVINOEmbedder, convert_openvino

    settings = Settings(cache_dir=str(tmp_path / "cache"))
    ov = OpenVINOEmbedder(settings)
    assert fidelity(ov, torch_embedder, PROBE_TEXTS) >= 0.999
    xml = convert_openvino(settings)
    assert str(xml).startswith(str(tmp_path)) and "site-packages" not in str(xml)
    mtime = xml.stat().st_mtime
    assert convert_openvino(settings).stat().st_mtime == mtime  # reused, not converted again


class _ConstantEmbedder(HashEmbedder):
    """Every text on one unit vector: against `HashEmbedder` it gives a fidelity well below 1."""

    def encode(self, texts):
        out = np.zeros((len(list(texts)), 384), dtype=np.float32)
        out[:, 0] = 1.0
        return out


def test_fidelity_note_is_kept_for_its_probe_set_and_measured_again_for_another(monkeypatch, tmp_path):
    import json

    import stance.embed as embed

    pytest.importorskip("openvino")
    monkeypatch.setattr(embed, "OpenVINOEmbedder", lambda settings, **kw: _ConstantEmbedder())
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    first = embed.openvino_fidelity(settings, torch_embedder=HashEmbedder())
    assert first < 0.5
    note = embed._fidelity_file(settings)
    assert json.loads(note.read_text())["probes"] == embed._probe_key()
    # a note for this probe set is read back, not measured again
    note.write_text(json.dumps({"fidelity": 0.9995, "probes": embed._probe_key()}))
    assert embed.openvino_fidelity(settings, torch_embedder=HashEmbedder()) == 0.9995
    # a note measured on other probe texts (or by an older version without the key) is not trusted
    for stale in ({"fidelity": 0.9995, "probes": "0123456789abcdef"}, {"fidelity": 0.9995}):
        note.write_text(json.dumps(stale))
        assert embed.openvino_fidelity(settings, torch_embedder=HashEmbedder()) == first
