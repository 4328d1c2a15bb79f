"""Help and readability: one-sentence definitions of every label and figure (one glossary, read
by the tooltips and the Help view), human names instead of raw codes, theme-aware claim cards,
outlets named, never "(1 outlets)"."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import stance.schema as schema
from stance.dashboard.cards import CARD_CSS, claim_card_html, evidence_item_html
from stance.dashboard.filters import event_label
from stance.dashboard.glossary import (
    SECTIONS,
    attribution_name,
    define,
    dimension_name,
    every_label,
    help_for,
    kind_name,
    speaker_label,
    value_name,
)
from stance.schema import Dimension
from tests import dashboard_db
from tests.dashboard_db import E2, html_of, open_app

# fixtures shared by the dashboard tests (a made-up analysed store, the app served locally)
dash_db = dashboard_db.dash_db
served_locally = dashboard_db.served_locally

ISSUE_TERMS = ("asserted", "attributed", "distanced", "contested", "similarity", "tone", "omits", "only here",
               "talking point", "direct quote", "partial quote", "indirect", "syndicated copy", "original",
               "place", "date", "number", "negation", "n", "thin evidence")


@pytest.mark.parametrize("term", [*every_label(), *ISSUE_TERMS])
def test_every_label_and_figure_has_a_one_sentence_definition(term):
    text = define(term)
    assert text.endswith(".") and len(re.findall(r"[.!?](\s|$)", text)) == 1, text


def test_every_discrepancy_kind_the_pipeline_writes_is_defined():
    kinds = getattr(schema, "DISCREPANCY_KINDS", ("place", "date", "number", "negation", "actor"))
    for kind in kinds:
        assert define(kind)


def test_every_speaker_kind_the_claims_stage_writes_has_a_name_and_a_definition():
    from stance.claims.speaker import SPEAKER_KINDS

    for kind in SPEAKER_KINDS:
        assert kind_name(kind) and define(kind) and define(kind_name(kind))
    assert kind_name("body") == "institution" and kind_name("anonymous") == "unnamed source"


def test_a_speaker_reads_with_its_kind_and_the_page_words_when_they_differ():
    assert speaker_label("Ana Ruiz", "person", "the envoy") == "Ana Ruiz (person; as written: the envoy)"
    assert speaker_label("Ana Ruiz", "person", "ana  RUIZ") == "Ana Ruiz (person)"  # case and spacing aside
    assert speaker_label("Harbor ministry", "body", "The Harbor Ministry") == "Harbor ministry (institution)"
    assert speaker_label("Ana Ruiz", "", "", "indirect, said") == "Ana Ruiz (indirect, said)"
    assert speaker_label("Ana Ruiz") == "Ana Ruiz" and speaker_label("", "person", "she") == ""


def test_unknown_terms_fail_loudly():
    with pytest.raises(KeyError, match="glossary.py"):
        define("vibes")


def test_human_names_replace_raw_codes():
    assert dimension_name("background_share") == "background share"
    assert attribution_name("outlet_voice") == "outlet's own voice"
    assert value_name(Dimension.TERM, "diplomat_label=foreign minister") == "diplomat label: foreign minister"
    assert value_name(Dimension.QUOTED_SPEAKER, "Jane_Doe") == "Jane_Doe"  # names stay as written
    assert all("_" not in dimension_name(d) for d in Dimension)
    assert help_for("direct_quote").startswith("**direct quote**: The speaker's words")


def test_the_help_view_lists_every_definition(dash_db):
    at = open_app("help")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    for entries in SECTIONS.values():
        for e in entries:
            assert f"**{e.term}**" in text.replace("\\", "")
    assert "Speakers" in text and "Search" in text


def test_widgets_and_headings_carry_the_definitions_as_tooltips(dash_db):
    at = open_app("event")
    assert define("contested") in at.sidebar.multiselect(key="f_stances").help
    assert at.sidebar.selectbox(key="event").help == define("event")
    helps = " ".join(m.proto.help for m in at.markdown if m.proto.help)
    assert define("carried as copy") in helps and define("omitted") in helps
    body = html_of(at)  # each field of a claim card explains itself on hover
    assert f'title="{html.escape(define("similarity"), quote=True)}"' in body


def test_claim_cards_read_in_dark_mode():
    """No fixed light background or dark text: text inherits the theme, backgrounds are tints."""
    rules = dict(re.findall(r"([^{}>]+)\{([^}]*)\}", CARD_CSS.replace("<style>", "")))
    assert "color:inherit" in rules[".stance-claim"] and "color:inherit" in rules[".stance-meta"]
    for selector, body in rules.items():
        for bg in re.findall(r"background:([^;]+)", body):
            if selector.endswith("mark"):  # marked words: dark text on yellow, in both themes
                assert "color:#111" in body
            else:
                assert bg.startswith("rgba("), selector  # a tint over the theme's own background
        assert not re.search(r"(^|;)color:#(f|e)", body), selector  # never light text on its own


def _member(**kw) -> pd.Series:
    base = dict(claim_text="The <i>envoys</i> met.", speaker="", speaker_side="", attribution="outlet_voice",
                reporting_verb="", stance="asserted", stance_cue="", similarity=1.0, paragraph=0, is_lede=True,
                url="javascript:alert(1)", publisher="Harbor Post", outlet="Harbor Post", published="",
                source="/srv/analyst/articles/harbor.txt", counts_under="Harbor Post", event_label="Summit",
                title="Envoys <b>meet</b>")
    return pd.Series({**base, **kw})


def test_cards_escape_article_text_and_never_show_a_folder_path():
    card = claim_card_html(_member(), "")
    assert "&lt;i&gt;envoys&lt;/i&gt;" in card and "<i>" not in card
    assert "harbor.txt" in card and "/srv/analyst" not in card and "javascript:" not in card
    assert "outlet&#x27;s own voice" in card  # the voice by its human name
    item = evidence_item_html(_member(speaker="Ana Ruiz", attribution="partial_quote", reporting_verb="warned"))
    assert "Ana Ruiz (partial quote, warned)" in item and "Envoys &lt;b&gt;meet&lt;/b&gt;" in item


def test_labels_never_say_one_outlets(dash_db):
    events = pd.DataFrame({"event_id": ["e"], "label": ["Summit"], "outlets": ["Harbor Post"]})
    assert event_label(events, "e") == "Summit (1 outlet)"
    at = open_app("event", event=E2)
    labels = [at.selectbox(key="group").format_func(o) for o in at.selectbox(key="group").options]
    assert any(label.startswith("[1 outlet] ") for label in labels)
    assert not any("1 outlets" in label for label in labels)


def test_discrepancies_in_the_event_view_name_both_outlets(dash_db):
    at = open_app("event", group="g-round")
    assert [w.value for w in at.warning] == [
        'Discrepancy (number): Halden says "12th", Quay Daily (copy of Halden) says "7th".']


def _add_discrepancy(db, group_id: str, claim_a: str, claim_b: str, value_a: str, value_b: str) -> None:
    from stance.store import Store

    store = Store(db)
    with store.transaction() as conn:
        conn.execute("INSERT INTO discrepancies(event_id, group_id, claim_a, claim_b, kind, slot, value_a, value_b) "
                     "VALUES (?, ?, ?, ?, 'place', 'meeting place', ?, ?)",
                     (E2, group_id, claim_a, claim_b, value_a, value_b))
    store.close()


def test_the_event_view_lists_a_discrepancy_through_either_of_its_claims(dash_db):
    """A discrepancy is stored under claim_a's group; the group holding claim_b lists it too."""
    _add_discrepancy(dash_db, "g-talks", "c-ld-talks", "c-hw-round", "the palace", "the harbour fort")
    seen = {}
    for group in ("g-talks", "g-round", "g-neutral"):
        at = open_app("event", group=group)
        assert not at.exception
        seen[group] = [w.value for w in at.warning if "the palace" in w.value]
    line = 'Discrepancy (place): Lantern says "the palace", Halden says "the harbour fort".'
    assert seen == {"g-talks": [line], "g-round": [line], "g-neutral": []}


def test_a_filter_keeps_a_discrepancy_while_either_claim_is_shown(dash_db):
    _add_discrepancy(dash_db, "g-talks", "c-ld-talks", "c-hw-round", "the palace", "the harbour fort")
    at = open_app("event", group="g-round", f_outlets=["Halden"])  # claim_a (Lantern) filtered out
    assert not at.exception
    assert [w.value for w in at.warning if "the palace" in w.value] == [
        'Discrepancy (place): Lantern says "the palace", Halden says "the harbour fort".']
