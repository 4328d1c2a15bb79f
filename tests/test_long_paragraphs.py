"""A page whose line breaks were lost (one paragraph of megabytes) is read like ordinary
paragraphs: broken at sentence ends before anything parses it, so the parser neither refuses
it nor needs gigabytes; a batch that still fails costs one article's claims, not the run."""

from __future__ import annotations

import re
from pathlib import Path

from claims_helpers import article

import stance.claims
from stance.claims import extract_claims
from stance.claims.quotes import scan_quotes
from stance.claims.segment import (
    BLOCK_CHARS,
    LONG_PARAGRAPH_CHARS,
    MAX_BLOCK_CHARS,
    break_long_paragraph,
    sentence_spans,
)
from stance.config.settings import Settings
from stance.embed import HashEmbedder
from stance.ingest.build import build_article
from stance.ingest.readers import RawDoc
from stance.ingest.registry import load_registry
from stance.pipeline import analyze
from stance.store import Store
from stance.store.articles import claims_pending

SENTENCES = [
    "The envoy of Freedonia arrived in Sylvania on Monday.",
    "Officials from both sides met for three hours.",
    "Minister Ada Quill said the talks were frank and useful.",
    "The two sides agreed to meet again next spring.",
    "Trade in grain and fertiliser was also discussed.",
]


def _one_line(n: int) -> str:
    return " ".join(f"{SENTENCES[i % len(SENTENCES)][:-1]} in round {i}." for i in range(n))


def _sentences(par: str) -> list[str]:
    return [par[s:e] for s, e in sentence_spans(par)]


def test_ordinary_paragraph_is_left_whole() -> None:
    par = _one_line(5)
    assert break_long_paragraph(par) == [par]


def test_long_paragraph_breaks_at_sentence_ends_only() -> None:
    par = _one_line(400)
    blocks = break_long_paragraph(par)
    assert len(blocks) > 1 and all(len(b) <= LONG_PARAGRAPH_CHARS for b in blocks)
    assert all(len(b) <= BLOCK_CHARS + 200 for b in blocks)  # one sentence past the target at most
    assert [s for b in blocks for s in _sentences(b)] == _sentences(par)


def test_no_block_ends_inside_a_quotation() -> None:
    quoted = " ".join(f"Point {i} of the plan is sound." for i in range(120))  # ~3,800 characters
    par = f"{_one_line(60)} Quill said: \u201c{quoted}\u201d {_one_line(60)}"
    blocks = break_long_paragraph(par)
    assert len(blocks) > 1
    assert all(len(b) <= MAX_BLOCK_CHARS for b in blocks)
    inside = [b for b in blocks if "Point 0 of" in b]
    assert len(inside) == 1 and "Point 119 of" in inside[0]
    assert not any(scan_quotes(b).open_at_end for b in blocks)


def test_run_on_text_without_sentence_ends_is_cut_at_spaces() -> None:
    par = " ".join(["grain corridor talks envoy summit"] * 2000)
    blocks = break_long_paragraph(par)
    assert len(blocks) > 1 and all(len(b) <= LONG_PARAGRAPH_CHARS for b in blocks)
    assert " ".join(blocks).split() == par.split()  # no word cut or lost


def test_ingest_breaks_a_megabyte_line_and_says_so() -> None:
    text = "SYLVANIA CITY (Daily Planet) - " + _one_line(25_000)  # ~1.3 MB, over spaCy's limit
    art = build_article(RawDoc("oneline.txt", text, "text"), load_registry())
    assert max(len(p) for p in art.paragraphs) <= MAX_BLOCK_CHARS
    assert [s for p in art.paragraphs for s in _sentences(p)][-1].endswith("in round 24999.")
    assert any(re.match(r"a paragraph of 1,\d{3},\d{3} characters .* was broken at sentence ends", w)
               for w in art.warnings)


def test_blocks_give_the_claims_of_the_same_sentences_as_paragraphs() -> None:
    one_line = _one_line(120)
    assert len(one_line) > LONG_PARAGRAPH_CHARS
    broken = article("\n\n".join(break_long_paragraph(one_line)), source="broken.txt")
    by_sentence = article("\n\n".join(_sentences(one_line)), source="paragraphs.txt")
    got = extract_claims([broken, by_sentence]).claims
    texts = {src: [(c.claim_text, c.speaker) for c in got if c.article_id == a.article_id]
             for src, a in (("broken", broken), ("paragraphs", by_sentence))}
    assert len(texts["broken"]) >= 120
    assert texts["broken"] == texts["paragraphs"]


def test_a_batch_failure_costs_one_article_not_the_run(tmp_path: Path, monkeypatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, body in (("a.txt", _one_line(4)), ("poison.txt", "POISON " + _one_line(3)),
                       ("b.txt", _one_line(6))):
        (inputs / name).write_text(f"SYLVANIA CITY (Daily Planet) - {body}\n", encoding="utf-8")
    real = stance.claims.extract_claims

    def fragile(articles, **kw):
        if any("POISON" in a.text for a in articles):
            raise ValueError("[E088] Text of length 2000000 exceeds maximum")
        return real(articles, **kw)

    monkeypatch.setattr(stance.claims, "extract_claims", fragile)
    settings = Settings(embed_backend="hash")
    store = Store(tmp_path / "p.db")
    report = analyze([inputs], store, settings, embedder=HashEmbedder())
    assert any("poison.txt" in w and "E088" in w and "without claims" in w for w in report.warnings)
    sources = {r[0] for r in store.query("SELECT DISTINCT a.source FROM claims c JOIN articles a USING (article_id)")}
    assert {Path(s).name for s in sources} == {"a.txt", "b.txt"}
    assert claims_pending(store) == []
    again = analyze([inputs], store, settings, embedder=HashEmbedder())  # no crash, nothing redone
    assert again.n_claims == 0 and again.n_duplicates == 3


def test_manifest_counts_rows_of_a_csv_with_a_huge_field() -> None:
    from stance.manifest import outputs_info

    blob = ("outlet,evidence_claim_ids\nDaily Planet,\"" + " ".join(["0123456789abcdef"] * 20_000)
            + "\"\nOther,x\n").encode()
    assert outputs_info({"framing.csv": blob})[0]["rows"] == 2


def test_alignment_blocks_shrink_with_the_event_and_give_the_same_pairs(monkeypatch) -> None:
    import numpy as np

    import stance.align.groups as groups

    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(300, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    art = np.repeat(np.arange(6), 50)
    want = groups._candidate_edges(vecs, art, 0.1, mutual_k=2)
    monkeypatch.setattr(groups, "BLOCK_CELLS", 300 * 20)  # 20 rows per block instead of 300
    assert groups._block_rows(300) == 20 and groups._block_rows(10**6) == 16
    assert groups._candidate_edges(vecs, art, 0.1, mutual_k=2) == want and want
    assert groups._candidate_edges(vecs, np.zeros(300, dtype=int), 0.1) == []  # one article
