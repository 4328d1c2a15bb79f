"""BASIL quote evaluation: the loader and the scoring on a tiny hand-made folder (our own text,
same layout), and the real DEV run when ../shared/data is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.eval.basil_data import BasilDataError, load_basil
from stance.eval.basil_quotes import evaluate, last_name, main, norm_name, to_article

SENTS = [
    ["WASHINGTON (AP) \u2014 Senator Jane Roe met the delegation on Monday.",
     "\u201cThis plan is a disgrace,\u201d Roe said."],
    ["The bill passed anyway.", "Critics called it \u201ca giveaway to donors.\u201d"],
]


def _span(sid, start, txt, sentence, quote, speaker, target="Jane_Roe"):
    return {"id": sid, "start": start, "end": start + len(txt), "txt": txt, "bias": "lex",
            "polarity": "neg", "target": target, "aim": "dir", "quote": quote, "speaker": speaker}


def _write(root: Path) -> None:
    flat = [s for p in SENTS for s in p]
    q1 = "This plan is a disgrace"
    q2 = "a giveaway to donors."
    spans = [
        _span("p1", flat[1].index(q1), q1, 1, "yes", "Jane_Roe"),
        _span("p3", flat[3].index(q2), q2, 3, "yes", "other_anti"),
        _span("p2", 0, "passed anyway", 2, "no", ""),
    ]
    (root / "articles" / "2020").mkdir(parents=True)
    (root / "annotations" / "2020").mkdir(parents=True)
    art = {"triplet-uuid": "t1", "uuid": "u1", "source": "NYT", "date": "2020-01-02", "title": "T",
           "url": "", "main-event": "e", "main-entities": [], "body-paragraphs": SENTS}
    ann = {"uuid": "u1", "pair-uuid": "t1",
           "article-level-annotations": {"author_feeling_Jane_Roe": "neg", "relative_stance": "liberal"},
           "phrase-level-annotations": spans}
    (root / "articles" / "2020" / "t1_1.json").write_text(json.dumps(art), encoding="utf-8")
    (root / "annotations" / "2020" / "t1_1_ann.json").write_text(json.dumps(ann), encoding="utf-8")


def test_loader_flattens_and_normalizes(tmp_path):
    _write(tmp_path)
    [a] = load_basil(tmp_path)
    assert a.source == "nyt" and a.triplet == "t1" and a.relative_stance == "left"
    assert a.sentences[3] == SENTS[1][1] and a.paragraph_of == (0, 0, 1, 1)
    s = a.spans[0]
    assert a.sentences[s["sentence"]][s["start"]:s["end"]] == s["txt"]
    assert a.feelings == {"Jane_Roe": "neg"}
    with pytest.raises(BasilDataError):
        load_basil(tmp_path / "missing")


def test_offsets_map_basil_sentences_into_article_paragraphs(tmp_path):
    _write(tmp_path)
    [a] = load_basil(tmp_path)
    art, where = to_article(a)
    paras = art.text.split("\n\n")
    for n, sent in enumerate(a.sentences):
        pi, off = where[n]
        assert paras[pi][off:off + len(sent)] == sent


def test_scores_on_hand_made_folder(tmp_path):
    _write(tmp_path)
    res = evaluate(str(tmp_path), use_ner=False)
    assert res["gold_quotes"] == 2 and res["spans"] == 3
    assert res["quote_recall_50"] == 1.0  # both quotations found and attributed
    assert res["false_quote_on_author_spans"] == 0 and res["quote_vs_author_accuracy"] == 1.0
    assert res["named_speaker_spans"] == 1 and res["speaker_acc_strict"] == 1.0
    assert res["other_spans_found"] == 1 and res["other_not_target_rate"] == 1.0


def test_name_normalization():
    assert norm_name("Donald_Trump") == norm_name("donald trump") == norm_name("Trump")
    assert last_name("Ruth_Bader_Ginsburg") == "ginsburg"


def test_misses_name_the_wrong_speaker(tmp_path, capsys):
    _write(tmp_path)
    ann = tmp_path / "annotations" / "2020" / "t1_1_ann.json"
    data = json.loads(ann.read_text(encoding="utf-8"))
    data["phrase-level-annotations"][0]["speaker"] = "John_Doe"  # the text says Roe
    ann.write_text(json.dumps(data), encoding="utf-8")
    assert main([str(tmp_path), "--no-ner", "--misses", "5"]) == 0
    out = capsys.readouterr().out
    assert "speaker misses (1):" in out
    assert "want 'john doe', got 'Jane Roe'" in out and "This plan is a disgrace" in out


@pytest.mark.slow
@pytest.mark.data
def test_basil_dev_figures(shared_data, capsys):
    """Floors sit just under the figures measured on DEV (0.960 recall, 0.962 F1, 0.719/0.719
    strict/lenient speaker accuracy, 0.977 sanity); a drop below them is a regression."""
    root = shared_data / "basil"
    if not root.exists():
        pytest.skip("BASIL not present")
    assert main([str(root), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["articles"] == 180 and res["gold_quotes"] == 470 and res["spans"] == 1112
    assert res["quote_recall_any"] >= res["quote_recall_50"] >= 0.95
    assert res["quote_yes_f1"] >= 0.95 and res["quote_yes_precision"] >= 0.95
    assert res["speaker_acc_lenient"] >= 0.70 and res["speaker_acc_strict"] >= 0.70
    assert res["speaker_acc_lenient_found"] >= res["speaker_acc_lenient"]
    assert res["other_not_target_rate"] >= 0.96
