"""Encodings: a file that is not UTF-8 is read with the right code page and a one-line warning
naming the file and the encoding chosen; binary stays refused."""

from __future__ import annotations

import pytest

from stance.config.settings import Settings
from stance.errors import IngestError
from stance.ingest import ingest_paths
from stance.ingest.readers import decode_with_note

ENGLISH = ("GENEVA (Wirewatch) - The envoys met at the Élysée annex on Tuesday and agreed to "
           "meet again before the summit, a spokesman said.")
FRENCH = "Le président a reçu à l'Élysée les deux envoyés. Déjà, la réunion fut « franche » et utile."


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_short_western_text_is_not_read_as_a_cjk_code_page(codec):
    text, note = decode_with_note("Talks at the Élysée on Monday.".encode(codec), "short.txt")
    assert text == "Talks at the Élysée on Monday."
    assert "cp1252" in note and "UTF-8" in note


def test_accented_french_prefers_the_western_code_page_and_says_the_guess_is_weak():
    text, note = decode_with_note(FRENCH.encode("cp1252"), "fr.txt")
    assert text == FRENCH
    assert note.startswith("not UTF-8: read as cp1252") and "would read differently" in note


def test_cyrillic_and_central_european_code_pages():
    ru = "Министры встретились в Пекине в понедельник. Переговоры продолжались долго."
    text, note = decode_with_note(ru.encode("cp1251"), "ru.txt")
    assert text == ru and "cp1251" in note
    pl = "Prezydent spotkał się z ministrem w Warszawie; rozmowy trwały długo i były trudne."
    assert decode_with_note(pl.encode("cp1250"), "pl.txt")[0] == pl


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_text_not_binary(codec):
    text, note = decode_with_note(ENGLISH.encode(codec), "wide.txt")
    assert text == ENGLISH and codec.upper() in note


def test_utf8_needs_no_note_and_binary_is_refused():
    assert decode_with_note(ENGLISH.encode("utf-8"), "u.txt") == (ENGLISH, "")
    with pytest.raises(IngestError, match="binary file"):
        decode_with_note(b"abc\x00\x01\x02\x03" * 100, "blob.txt")


def test_the_warning_reaches_the_run_naming_the_file(tmp_path):
    (tmp_path / "legacy.txt").write_bytes((ENGLISH + "\n\n" + ENGLISH.replace("Tuesday", "Friday")).encode("cp1252"))
    result = ingest_paths([tmp_path], Settings())
    [art] = result.articles
    assert "Élysée" in art.text
    notes = [p for p in result.problems if "cp1252" in p.message]
    assert len(notes) == 1 and notes[0].level == "warning" and notes[0].source.endswith("legacy.txt")
    assert "\n" not in str(notes[0])
