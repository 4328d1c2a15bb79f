"""BASIL target-polarity evaluation: metric arithmetic, mention finding, and the real dev run."""

from __future__ import annotations

import pytest

from stance.eval.basil_polarity import (
    SpanItem,
    evaluate,
    find_mention,
    items,
    main,
    predict_target_clause,
    scores,
)


def test_scores_accuracy_and_macro_f1():
    s = scores(["neg", "neg", "pos", "pos"], ["neg", "pos", "pos", "pos"])
    assert s["accuracy"] == 0.75
    assert s["f1_neg"] == pytest.approx(2 / 3) and s["f1_pos"] == pytest.approx(0.8)
    assert s["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    maj = scores(["neg", "neg", "pos"], ["neg", "neg", "neg"])
    assert maj["f1_pos"] == 0.0 and maj["macro_f1"] == pytest.approx(0.4)


def test_find_mention_full_name_then_last_name():
    s = "Critics said Trump had failed, while Pelosi praised the deal."
    assert s[slice(*find_mention(s, "Donald Trump"))] == "Trump"
    assert s[slice(*find_mention(s, "Nancy Pelosi"))] == "Pelosi"
    assert find_mention(s, "Barack Obama") is None


def test_target_clause_separates_two_targets():
    s = "Pelosi praised the wonderful, generous deal, while Trump was blasted for a disastrous failure."
    assert predict_target_clause(SpanItem(s, "Nancy Pelosi", "pos", "dir", "lex")) == "pos"
    assert predict_target_clause(SpanItem(s, "Donald Trump", "neg", "dir", "lex")) == "neg"


def test_evaluate_slices():
    data = [SpanItem("Trump was praised warmly.", "Donald Trump", "pos", "dir", "lex"),
            SpanItem("Trump was attacked.", "Donald Trump", "neg", "ind_anti", "inf")]
    out = evaluate(data)
    assert set(out) >= {"all", "aim=dir", "aim=indirect", "aim=ind_anti", "bias=lex", "bias=inf"}
    assert out["all"]["target_clause_vader"]["accuracy"] == 1.0
    assert out["all"]["majority_neg"]["accuracy"] == 0.5


@pytest.mark.data
def test_basil_dev_run(shared_data, capsys):
    from stance.eval.basil_data import load_basil

    span_items = items(load_basil(shared_data / "basil"))
    assert len(span_items) == 1112  # every annotated DEV span, headline spans included
    result = evaluate(span_items)
    assert result["all"]["majority_neg"]["accuracy"] == pytest.approx(906 / 1112)
    # the measured figure (README): the target-tone method beats the majority baseline on macro-F1
    assert result["all"]["target_clause_vader"]["macro_f1"] > result["all"]["majority_neg"]["macro_f1"]
    assert main([str(shared_data / "basil")]) == 0
    assert "majority_neg" in capsys.readouterr().out
