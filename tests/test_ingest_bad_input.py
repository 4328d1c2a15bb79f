"""Bad input: each case gets one clear line naming the file and what to do; the run goes on;
nothing already stored is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stance.config.settings import Settings
from stance.errors import IngestError
from stance.ingest import ingest_bytes, ingest_paths, ingest_text
from stance.store import open_store
from stance.store.articles import articles_frame, load_articles, load_signatures, save_articles

PAGES = Path(__file__).parent / "fixtures" / "pages"
GOOD = PAGES / "northwind_dispatch.txt"


def _run(tmp_path: Path, name: str, data: bytes, settings: Settings | None = None):
    """Ingest a folder with one bad file and one good page; return (problems for the bad file, result)."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    shutil.copy(GOOD, folder / "a_good.txt")  # sorted first: the run goes on past the bad file
    result = ingest_paths([folder], settings or Settings())
    assert "a_good.txt" in [Path(a.source).name for a in result.articles]
    bad = [p for p in result.problems if Path(p.source.split("#")[0]).name == name]
    return bad, result


def _one_line(problem) -> str:
    line = str(problem)
    assert "\n" not in line
    return line


def test_empty_file(tmp_path):
    [p], r = _run(tmp_path, "empty.txt", b"  \n\n")
    assert "empty file" in _one_line(p) and "remove the file" in p.message and p.level == "error"
    assert len(r.articles) == 1


def test_binary_file(tmp_path):
    [p], _ = _run(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    assert "binary file" in _one_line(p) and "PNG" in p.message and ".txt or .html" in p.message
    [p], _ = _run(tmp_path, "blob.html", b"abc\x00\x01\x02" * 100)
    assert "binary file" in p.message


def test_stray_control_characters_are_removed_not_the_article(tmp_path):
    """A NUL or escape byte copied into an otherwise good page: the page is read, the bytes
    removed with a warning; a file whose head is mostly control bytes stays binary."""
    text = (PAGES / "undated_blog.txt").read_text(encoding="utf-8")
    data = text.replace("grain corridor between", "grain\x00 corridor\x1b between", 1).encode()
    probs, r = _run(tmp_path, "stray.txt", data)
    art = next(a for a in r.articles if a.source.endswith("stray.txt"))
    assert "grain corridor between" in art.text and "\x00" not in art.text and "\x1b" not in art.text
    [p] = [p for p in probs if "control character" in p.message]
    assert p.level == "warning" and "removed 2 control characters" in _one_line(p)
    [p], _ = _run(tmp_path, "mostly.txt", b"text" + b"\x00" * 30 + b"more text" * 40)
    assert "binary file" in p.message


def test_unreadable_encoding(tmp_path):
    [p], _ = _run(tmp_path, "garbled.txt", bytes(range(0x80, 0x100)) * 40)
    assert "unreadable text encoding" in _one_line(p) and "UTF-8" in p.message


def test_legacy_encoding_is_read(tmp_path):
    text = GOOD.read_text(encoding="utf-8").replace("Envoys", "Envoyés")
    probs, r = _run(tmp_path, "latin.txt", text.encode("cp1252"))
    assert not [p for p in probs if p.level == "error"]
    [latin] = [a for a in r.articles if a.source.endswith("latin.txt")]
    assert "Envoyés from Tarsia" in latin.text


@pytest.mark.slow
def test_fifty_megabyte_file(tmp_path):
    big = tmp_path / "in"
    big.mkdir()
    with open(big / "huge.txt", "wb") as f:
        line = b"The ministers met again and said nothing new about the corridor talks today.\n"
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    [p], _ = _run(tmp_path, "huge.txt", (big / "huge.txt").read_bytes())
    assert "above the 20 MB limit" in _one_line(p) and "max_file_mb" in p.message
    assert "50.0 MB" in p.message


def test_json_record_missing_text(tmp_path):
    recs = [{"title": "no body here", "url": "https://x.test/a"},
            {"text": (GOOD.read_text(encoding="utf-8")), "outlet": "DW"}]
    probs, r = _run(tmp_path, "batch.jsonl", "\n".join(json.dumps(x) for x in recs).encode())
    [p] = [p for p in probs if p.level == "error"]
    assert p.source.endswith("batch.jsonl#1") and "no text or html" in _one_line(p)
    assert "Add a \"text\"" in p.message
    # the second record is the same article as good.txt -> one of them is a duplicate, not lost
    assert any("duplicate" in q.message for q in r.problems)


def test_json_record_text_of_the_wrong_type(tmp_path):
    """The text field must hold the article: a number or an object is refused naming the field;
    a list of paragraph strings is read as the article's paragraphs; escaped NULs are removed."""
    paras = ["Envoys of two river states met in the capital on Friday to settle the ferry dispute, the host ministry said.",
             "They agreed to let both fleets use the northern landing until a joint survey is finished next spring."]
    recs = [{"url": "https://news.test/1", "text": 2024},
            {"url": "https://news.test/2", "body": {"p": paras[0]}},
            {"url": "https://news.test/3", "text": paras},
            {"url": "https://news.test/4", "content": [paras[0], 7]},
            {"url": "https://news.test/5", "text": "\n\n".join(paras).replace("ferry", "fer\u0000ry")
             .replace("Envoys", "Delegates")}]
    probs, r = _run(tmp_path, "typed.jsonl", "\n".join(json.dumps(x) for x in recs).encode())
    errors = {p.source.rsplit("#", 1)[1]: _one_line(p) for p in probs if p.level == "error"}
    assert set(errors) == {"1", "2", "4"}
    assert "field 'text' holds a number" in errors["1"] and "field 'body' holds an object" in errors["2"]
    assert "field 'content' holds a list that is not all text" in errors["4"]
    assert all("string (or a list of paragraph strings)" in e for e in errors.values())
    by_record = {a.source.rsplit("#", 1)[1]: a for a in r.articles if "typed.jsonl" in a.source}
    assert by_record["3"].text.split("\n\n") == paras
    assert "ferry dispute" in by_record["5"].text and "\x00" not in by_record["5"].text
    assert any(p.source.endswith("#5") and "removed 1 control character " in p.message for p in probs)


def test_broken_json_line_keeps_other_lines(tmp_path):
    data = b'{"text": "The ministers met in Vienna on Tuesday and agreed to meet again next month in Geneva."}\n{oops\n'
    probs, r = _run(tmp_path, "lines.jsonl", data)
    [p] = [p for p in probs if p.level == "error"]
    assert "line 2 is not valid JSON" in _one_line(p)
    assert any(a.source.endswith("lines.jsonl#1") for a in r.articles)


def test_unknown_outlet_is_ingested_with_warning(tmp_path):
    text = ("Home\nA quiet week for the corridor talks\n"
            "Negotiators spent the week on technical questions about insurance for merchant ships, officials said.\n"
            "The next round is expected to start on Monday in Geneva, according to the hosts.\n")
    probs, r = _run(tmp_path, "anon.txt", text.encode())
    [p] = [p for p in probs if "outlet" in p.message]
    art = next(a for a in r.articles if a.source.endswith("anon.txt"))
    assert art.outlet == "" and any("unknown outlet" in w for w in art.warnings)
    assert p.level == "warning" and "unknown outlet" in _one_line(p) and "registry" in p.message


def test_no_date_warning(tmp_path):
    probs, r = _run(tmp_path, "undated.txt", (PAGES / "undated_blog.txt").read_bytes())
    art = next(a for a in r.articles if a.source.endswith("undated.txt"))
    assert art.published == ""
    assert any("no date found" in p.message and p.level == "warning" for p in probs)


def test_non_english_page(tmp_path):
    probs, r = _run(tmp_path, "fr.txt", (PAGES / "gazette_fr.txt").read_bytes())
    art = next(a for a in r.articles if a.source.endswith("fr.txt"))
    assert art.language == "fr" and art.published == "2024-05-14"
    assert "relancer les négociations" in art.text and "Abonnez-vous" not in art.text
    assert any("'fr'" in p.message and "English" in p.message for p in probs)


def test_non_english_page_is_stored_with_language(tmp_path, tmp_db):
    r = ingest_paths([PAGES / "gazette_fr.txt"], Settings())
    store = open_store(tmp_db)
    assert save_articles(store, r.articles) == (1, 0)
    assert articles_frame(store)["language"].tolist() == ["fr"]


def test_duplicate_is_skipped_with_message(tmp_path):
    [p], r = _run(tmp_path, "copy-of-good.txt", GOOD.read_bytes())
    assert "duplicate of" in _one_line(p) and "skipped" in p.message
    assert sum(1 for a in r.articles if "good" in a.source) == 1


def test_duplicate_against_store_and_nothing_lost(tmp_path, tmp_db):
    store = open_store(tmp_db)
    first = ingest_paths([PAGES], Settings())
    new, dups = save_articles(store, first.articles)
    assert new == len(first.articles) and dups == 0
    before = articles_frame(store)
    again = ingest_paths([PAGES, tmp_path / "missing.txt"], Settings(), known=load_signatures(store))
    assert again.articles == []
    assert sum("duplicate" in p.message for p in again.problems) == len(first.articles)
    assert any("no such file" in p.message and p.source.endswith("missing.txt") for p in again.problems)
    assert save_articles(store, first.articles) == (0, len(first.articles))
    assert articles_frame(store).equals(before)
    assert {a.article_id for a in load_articles(store)} == {a.article_id for a in first.articles}


def test_unsupported_and_missing(tmp_path):
    [p], _ = _run(tmp_path, "report.pdf", b"%PDF-1.4 ...")
    assert "unsupported file type '.pdf'" in _one_line(p)


def test_page_without_article_text(tmp_path):
    [p], _ = _run(tmp_path, "menu.txt", b"Home\nWorld\nBusiness\nSports\nContact us\n")
    assert "no article text found: none of its 5 lines (6 words) reads as story sentences" in _one_line(p)


def test_ingest_text_raises_library_error():
    with pytest.raises(IngestError, match="empty text"):
        ingest_text("   ", "pasted", Settings())
    r = ingest_bytes(b"", "upload.txt", Settings())
    assert r.articles == [] and "empty file" in r.problems[0].message


@pytest.mark.parametrize("text,code", [
    ("Der Außenminister hat am Mittwoch in Wien seinen Amtskollegen getroffen, teilte das Ministerium mit.", "de"),
    ("Министр иностранных дел провел переговоры со своим коллегой в Вене в среду, сообщили в министерстве.", "ru"),
    ("Міністр закордонних справ провів переговори зі своїм колегою у Відні в середу, повідомили в міністерстві.", "uk"),
    ("El ministro de Asuntos Exteriores se reunió el miércoles en Viena con su homólogo, informó el ministerio.", "es"),
    ("外交部长周三在维也纳与对方举行会谈，双方同意加强合作并继续保持沟通。", "zh"),
    ("The foreign minister met his counterpart in Vienna on Wednesday, the ministry said in a statement.", "en"),
])
def test_language_identification(text, code):
    from stance.ingest.language import detect_language

    assert detect_language(text)[0] == code


def test_warnings_are_stored_with_the_article(tmp_db):
    r = ingest_paths([PAGES / "undated_blog.txt"], Settings())
    store = open_store(tmp_db)
    save_articles(store, r.articles)
    [stored] = load_articles(store)
    assert stored == r.articles[0]  # every field, warnings included, survives the round trip
    assert any("no date found" in w for w in stored.warnings)


def test_page_without_date_credit_or_title_is_kept_with_one_line_warnings():
    """Nothing is guessed silently: each missing piece is a one-line warning naming the page."""
    body = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
            "both governments said.\n\nTechnical teams will meet in Geneva within two weeks, officials said.\n")
    r = ingest_bytes(body.encode("utf-8"), "bare.txt", Settings())
    [a] = r.articles
    assert (a.outlet, a.published, a.title) == ("", "", "")
    lines = [_one_line(p) for p in r.problems if p.level == "warning"]
    for what in ("unknown outlet", "no date found", "no headline found"):
        assert any(what in x and x.startswith("bare.txt") for x in lines), what


def test_mostly_furniture_page_warns():
    menu = "\n".join(f"Section {i} | Markets | Weather | Sports | Video | Podcasts | Games | Shop" for i in range(12))
    story = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
             "both governments said after a meeting in Vienna.")
    r = ingest_bytes(f"{menu}\n\n{story}\n\n{menu}".encode(), "front.txt", Settings())
    [a] = r.articles
    assert a.text == story
    assert any("mostly page furniture" in p.message for p in r.problems if p.source == "front.txt")


def test_empty_folder_is_named(tmp_path):
    empty = tmp_path / "incoming"
    (empty / ".cache").mkdir(parents=True)
    (empty / ".cache" / "x.txt").write_text("hidden")
    result = ingest_paths([empty], Settings())
    [p] = result.problems
    assert p.source == str(empty) and "no files to ingest" in _one_line(p) and p.level == "error"
    assert not result.articles


def test_csv_without_a_text_column_is_one_problem(tmp_path):
    rows = "".join(f"Title {i},Body {i},2024-02-0{i % 9 + 1}\n" for i in range(500))
    [p], r = _run(tmp_path, "feed.csv", ("headline,story_body,date\n" + rows).encode())
    line = _one_line(p)
    assert p.source.endswith("feed.csv")  # the file, not one line per row
    assert "'headline', 'story_body', 'date'" in line and "'text'" in line and "'html'" in line
    assert len(r.articles) == 1  # the good page of the folder


def test_jsonl_without_a_text_field_is_one_problem(tmp_path):
    recs = "\n".join(json.dumps({"headline": f"T{i}", "lede": "x"}) for i in range(300))
    [p], _ = _run(tmp_path, "feed.jsonl", recs.encode())
    assert p.source.endswith("feed.jsonl") and "'headline', 'lede'" in _one_line(p)
