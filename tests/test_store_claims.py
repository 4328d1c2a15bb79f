"""Claims in the store: idempotent replacement per article, round trip, DataFrame columns."""

from __future__ import annotations

from dataclasses import replace

import pytest
from claims_helpers import article

from stance.claims import extract_claims
from stance.errors import StoreError
from stance.schema import CLAIM_COLUMNS
from stance.store import open_store
from stance.store.articles import save_articles
from stance.store.claims import articles_with_claims, claims_frame, load_claims, save_claims

TEXT = ("Wang said the talks were \u201cfrank and useful\u201d. The meeting lasted two hours.\n\n"
        "\u201cWe will meet again,\u201d Lavrov said.")


def test_round_trip_and_idempotent_replace(tmp_db):
    store = open_store(tmp_db)
    a, b = article(TEXT, source="a.txt"), article("Peskov said no date was set.", source="b.txt")
    save_articles(store, [a, b])
    claims = extract_claims([a, b], use_ner=False).claims
    assert save_claims(store, claims) == len(claims) == 4
    assert save_claims(store, claims) == 4  # same again: nothing duplicated
    back = load_claims(store, [a.article_id])
    assert back == [c for c in claims if c.article_id == a.article_id]
    assert back[0].quoted_spans == ("frank and useful",)
    # re-extraction that drops a claim replaces the article's claims, leaves the other article alone
    save_claims(store, [claims[0], replace(claims[1], speaker="Nobody")])
    again = load_claims(store, [a.article_id])
    assert [c.claim_id for c in again] == [claims[0].claim_id, claims[1].claim_id]
    assert again[1].speaker == "Nobody"
    assert len(load_claims(store, [b.article_id])) == 1 and load_claims(store, []) == []


def test_frame_columns_and_quoted_spans(tmp_db):
    store = open_store(tmp_db)
    a = article(TEXT, source="a.txt")
    save_articles(store, [a])
    save_claims(store, extract_claims([a], use_ner=False).claims)
    df = claims_frame(store)
    assert list(df.columns) == CLAIM_COLUMNS and len(df) == 3
    assert df.loc[0, "quoted_spans"] == "frank and useful" and df.loc[2, "speaker"] == "Sergei Lavrov"


def test_claims_of_unknown_article_are_refused(tmp_db):
    store = open_store(tmp_db)
    claims = extract_claims([article(TEXT)], use_ner=False).claims
    with pytest.raises(StoreError, match="Save the articles"):
        save_claims(store, claims)
    assert load_claims(store) == []


def test_articles_with_claims_answers_only_for_the_ids_asked(tmp_db):
    store = open_store(tmp_db)
    a, b = article(TEXT, source="a.txt"), article("Peskov said no date was set.", source="b.txt")
    save_articles(store, [a, b])
    save_claims(store, extract_claims([a], use_ner=False).claims)
    assert articles_with_claims(store, [a.article_id, b.article_id]) == {a.article_id}
    assert articles_with_claims(store, [b.article_id]) == set()
    # more ids than one batch of SQL parameters
    many = [f"x{i}" for i in range(1200)] + [a.article_id]
    assert articles_with_claims(store, many) == {a.article_id}
