"""Syndication: MinHash similarity, linking copies to the earliest original, within a run and
against articles already in the store."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from stance.config.settings import Settings
from stance.ingest import ingest_paths, iter_ingest
from stance.ingest.syndication import SignatureIndex, from_blob, minhash, similarity, to_blob
from stance.schema import Article, stable_hash
from stance.store import open_store
from stance.store.articles import load_articles, load_signatures, save_articles

PAGES = Path(__file__).parent / "fixtures" / "pages"
STORY = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor "
         "that collapsed last autumn, both governments said after a three-hour meeting in Vienna. "
         "Norvanian Foreign Minister Ilse Darrow said the two sides had cleared away the mistrust that froze the "
         "negotiations and would send technical teams to Geneva within two weeks. Her counterpart was more "
         "cautious and said any deal would depend on guarantees for ships leaving the northern ports.")
OTHER = ("Envoys from Tarsia and Belmark traded sharp warnings on Sunday over a hydroelectric dam on the Senna "
         "river, as a two-day summit meant to ease tensions between the neighbours opened in Geneva. Mediators "
         "presented a plan for a joint monitoring station at the dam with data published every week.")


def _art(text: str, published: str, source: str) -> Article:
    return Article(article_id=stable_hash(text), source=source, text=text, published=published)


def test_similarity_separates_copies_from_other_stories():
    edited = STORY.replace("Tuesday", "Tuesday evening") + " The talks will resume next month."
    assert similarity(minhash(STORY), minhash(STORY)) == 1.0
    assert similarity(minhash(STORY), minhash(edited)) > 0.6
    assert similarity(minhash(STORY), minhash(OTHER)) < 0.1
    # punctuation, quotes and case do not matter
    assert similarity(minhash(STORY), minhash(STORY.upper().replace(",", ""))) == 1.0


def test_signature_blob_roundtrip():
    sig = minhash(STORY)
    assert sig.dtype == np.uint32 and sig.shape == (128,)
    assert np.array_equal(from_blob(to_blob(sig)), sig)


def test_link_later_copy_and_earlier_late_arrival():
    idx = SignatureIndex(threshold=0.6)
    assert idx.link("copy1", minhash(STORY + " Copy one."), "2024-05-15") == ("", {})
    # the original (earlier date) arrives after its copy: it becomes the original, the copy is re-pointed
    orig, relinks = idx.link("orig", minhash(STORY), "2024-05-14")
    assert orig == "" and relinks == {"copy1": "orig"}
    assert idx.link("copy2", minhash(STORY + " Copy two."), "2024-05-16")[0] == "orig"
    assert idx.link("other", minhash(OTHER), "2024-05-10") == ("", {})


def test_tie_goes_to_first_ingested_and_undated_loses():
    idx = SignatureIndex(threshold=0.6)
    idx.link("first", minhash(STORY), "2024-05-14")
    assert idx.link("second", minhash(STORY + " Same day."), "2024-05-14")[0] == "first"
    idx2 = SignatureIndex(threshold=0.6)
    idx2.link("undated", minhash(STORY), "")
    assert idx2.link("dated", minhash(STORY + " Dated."), "2024-05-20") == ("", {"undated": "dated"})


def test_run_links_copy_on_other_publisher():
    r = ingest_paths([PAGES / "lakeside_courier_copy.txt", PAGES / "harbor_herald_ap.html"], Settings())
    by = {Path(a.source).name: a for a in r.articles}
    # the copy was read first but carries a later date: it points at the original
    assert by["lakeside_courier_copy.txt"].syndicated_of == by["harbor_herald_ap.html"].article_id
    assert by["harbor_herald_ap.html"].syndicated_of == ""


def test_seed_stories_are_not_copies_of_each_other(seeds_dir):
    r = ingest_paths([seeds_dir], Settings())
    assert all(a.syndicated_of == "" for a in r.articles)


def test_store_links_across_runs_and_relinks(tmp_db):
    store = open_store(tmp_db)
    copy = _art(STORY + " Reprinted with permission.", "2024-05-16", "copy.txt")
    orig = _art(STORY, "2024-05-14", "orig.txt")
    later = _art(STORY + " Another reprint.", "2024-05-18", "later.txt")
    assert save_articles(store, [copy]) == (1, 0)
    assert save_articles(store, [orig]) == (1, 0)  # earlier original arrives in a later run
    assert save_articles(store, [later, orig]) == (1, 1)
    got = {a.source: a for a in load_articles(store)}
    assert got["copy.txt"].syndicated_of == orig.article_id
    assert got["later.txt"].syndicated_of == orig.article_id
    assert got["orig.txt"].syndicated_of == ""
    blobs = store.query("SELECT minhash FROM articles")
    assert all(b["minhash"] is not None and len(b["minhash"]) == 512 for b in blobs)


def test_ingest_against_store_signatures(tmp_db, tmp_path):
    store = open_store(tmp_db)
    save_articles(store, [_art(STORY, "2024-05-14", "orig.txt")])
    page = tmp_path / "copy.jsonl"
    record = {"text": f"VIENNA - {STORY} More to follow.", "published": "2024-05-20"}
    page.write_text(json.dumps(record) + "\n", encoding="utf-8")
    r = ingest_paths([page], Settings(), known=load_signatures(store))
    [copy] = r.articles
    assert copy.syndicated_of == stable_hash(STORY)
    assert save_articles(store, [dataclasses.replace(copy, syndicated_of="")]) == (1, 0)
    assert {x.source: x.syndicated_of for x in load_articles(store)}[copy.source] == stable_hash(STORY)


def _stream_into(store, paths: list[Path], known: SignatureIndex, pass_index: bool) -> dict[str, str]:
    """Save chunk by chunk as the pipeline does; return {file name: stored original's file name}."""
    for chunk in iter_ingest(paths, Settings(), chunk_size=1, known=known):
        save_articles(store, chunk.articles, index=known if pass_index else None)
    stored = load_articles(store)
    name = {a.article_id: Path(a.source).name.split("#")[0] for a in stored}
    return {Path(a.source).name.split("#")[0]: name.get(a.syndicated_of, "") for a in stored}


def test_streaming_save_reuses_the_index(tmp_path, monkeypatch):
    """With the run's index, no chunk reloads the store's signatures, and the stored links equal
    those of reloading per chunk: copies stored before an earlier original arrives get re-pointed."""
    texts = [("copy.jsonl", STORY + " Reprinted with permission.", "2024-05-16"),
             ("other.jsonl", OTHER, "2024-05-10"),
             ("orig.jsonl", STORY, "2024-05-14"),  # earlier original, in a later chunk
             ("later.jsonl", STORY + " Another reprint.", "2024-05-18")]
    paths = []
    for name, text, published in texts:
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps({"text": text, "published": published}) + "\n", encoding="utf-8")
    stored_copy = _art(STORY + " First reprint, already stored.", "2024-05-15", "stored.txt")
    legacy, fast = open_store(tmp_path / "legacy.db"), open_store(tmp_path / "fast.db")
    for store in (legacy, fast):
        save_articles(store, [stored_copy])
    want = _stream_into(legacy, paths, load_signatures(legacy), pass_index=False)

    known = load_signatures(fast)  # the run's one load, before saving starts

    def reload(*_args, **_kw):
        raise AssertionError("save_articles reloaded the store's signatures although given the index")

    monkeypatch.setattr("stance.store.articles.load_signatures", reload)
    got = _stream_into(fast, paths, known, pass_index=True)
    assert got == want
    assert want == {"stored.txt": "orig.jsonl", "copy.jsonl": "orig.jsonl", "other.jsonl": "",
                    "orig.jsonl": "", "later.jsonl": "orig.jsonl"}
    # idempotent: saving the same articles again with the shared index adds nothing
    arts = load_articles(fast)
    assert save_articles(fast, arts, index=known) == (0, len(arts))
    assert {a.source: a.syndicated_of for a in load_articles(fast)} == {a.source: a.syndicated_of for a in arts}


# a longer wire story and a site's shorter cut of it with a new lead paragraph and other furniture
LONG = " ".join([STORY,
                 "Officials in Estmark said the first convoy could sail before the end of the month if insurers agree "
                 "to cover the route again, while port authorities warned that mines laid during the shelling had not "
                 "all been cleared. Grain traders in Rotterdam welcomed the announcement but said prices would stay high "
                 "until ships actually moved, and farmers' unions in Norvania called for compensation for the lost season.",
                 "The talks are the first between the two ministers since the corridor closed in October."])
CUT = ("Lakeside Courier - Grain talks back on. " + STORY.split(". ")[0] + ". "
       + ". ".join(STORY.split(". ")[1:]))
QUOTING = ("Analysts in Tarsia were sceptical of the deal announced in Vienna on Tuesday. Norvanian Foreign Minister "
           "Ilse Darrow said the two sides had cleared away the mistrust that froze the negotiations, but the analysts "
           "noted that similar promises had been made twice before and that the corridor never reopened. Shipping "
           "brokers in the region expect insurers to wait for a month of safe passages before offering cover, and "
           "several exporters have already booked rail freight for the autumn harvest instead. A spokesman for the "
           "Tarsian farm ministry said its own grain would keep moving by river barge whatever happened in the north.")


def test_shorter_cut_is_linked_by_containment():
    """A cut of half the story has a low Jaccard similarity but sits almost whole inside it."""
    from stance.ingest.syndication import CONTAINMENT, shingle_hashes

    a, b = shingle_hashes(LONG), shingle_hashes(CUT)
    shared = len(set(a.tolist()) & set(b.tolist()))
    assert similarity(minhash(LONG), minhash(CUT)) < 0.6 and shared / min(a.size, b.size) >= CONTAINMENT
    idx = SignatureIndex(threshold=0.6)
    idx.link("long", minhash(LONG), "2024-05-14", shingles=a)
    assert idx.link("cut", minhash(CUT), "2024-05-15", shingles=b)[0] == "long"
    # a story that only quotes the same minister is no copy
    assert idx.link("quoting", minhash(QUOTING), "2024-05-15", shingles=shingle_hashes(QUOTING))[0] == ""


def test_identical_text_on_two_sites_is_a_copy_not_a_duplicate(tmp_path):
    """The same wire text carried by two sites: both kept, the later one linked to the earlier."""
    recs = [{"url": "https://harbor-herald.test/2024/05/14/grain", "text": LONG},
            {"url": "https://lakeside-courier.test/2024/05/15/grain", "text": LONG},
            {"url": "https://harbor-herald.test/2024/05/14/grain", "text": LONG}]  # read twice: a duplicate
    p = tmp_path / "pages.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    r = ingest_paths([p], Settings())
    first, second = r.articles
    assert second.syndicated_of == first.article_id and first.article_id != second.article_id
    assert [x.kind for x in r.problems if x.kind] == ["duplicate"]


def test_undated_copy_takes_the_weekday_before_its_dated_copy(tmp_path):
    """A copy with no date of its own, saying the talks were "on Tuesday", is dated to the
    Tuesday on or before its dated copy; the date records how it was found."""
    dated = "VIENNA, May 15 (AP) - " + LONG.replace("agreed on Tuesday", "agreed on Tuesday")
    undated = "The foreign ministers met on Tuesday. " + LONG
    recs = [{"url": "https://harbor-herald.test/world/2024/05/15/grain", "text": dated},
            {"url": "https://lakeside-courier.test/world/grain", "text": undated}]
    p = tmp_path / "pages.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    orig, copy = ingest_paths([p], Settings()).articles
    assert orig.published == "2024-05-15" and copy.syndicated_of == orig.article_id
    assert copy.published == "2024-05-14" and "Tuesday" in copy.date_source and "copy" in copy.date_source
    assert not any("no date" in w for w in copy.warnings)
