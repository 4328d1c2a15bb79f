"""Bad lexicon input gets one clear message naming the file and line; bad records do not crash."""

from __future__ import annotations

import pytest

from stance.errors import LexiconError
from stance.framing import build_profiles, frame_claims, load_lexicon
from stance.schema import Article, Claim, Event


def _write(tmp_path, text: str):
    p = tmp_path / "extra.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_syntax_error_names_file_and_line(tmp_path):
    path = _write(tmp_path, "[concepts.x]\ndescription = 'ok'\nanchor = 'unterminated\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    msg = str(err.value)
    assert "extra.toml, line 3" in msg and "not valid TOML" in msg
    assert "\n" not in msg


def test_unknown_concept_field_names_line_and_field(tmp_path):
    path = _write(tmp_path, "[concepts.x]\ndescription = 'ok'\ncolour = 'red'\n"
                            "[[concepts.x.terms]]\nterm = 't'\npatterns = ['t']\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert "extra.toml, line 3" in str(err.value)
    assert "'colour'" in str(err.value) and "Known fields" in str(err.value)


def test_unknown_term_field_names_its_line(tmp_path):
    path = _write(tmp_path, "[concepts.x]\n\n[[concepts.x.terms]]\nterm = 't'\npattern = ['t']\n")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert "line 5" in str(err.value) and "'pattern'" in str(err.value)


def test_unknown_top_level_field(tmp_path):
    path = _write(tmp_path, "version = 1\nconcept = 2\n")
    with pytest.raises(LexiconError, match="line 2"):
        load_lexicon(path)


def test_bad_regex_names_line(tmp_path):
    path = _write(tmp_path, "[concepts.x]\n[[concepts.x.terms]]\nterm = 't'\npatterns = ['(unclosed']\n")
    with pytest.raises(LexiconError, match=r"line 4.*not a valid regular expression"):
        load_lexicon(path)


def test_needs_anchor_without_anchor_is_refused(tmp_path):
    path = _write(tmp_path, "[concepts.x]\n[[concepts.x.terms]]\nterm = 't'\npatterns = ['t']\nneeds_anchor = true\n")
    with pytest.raises(LexiconError, match="no anchor"):
        load_lexicon(path)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(LexiconError, match="nope.toml.*not found"):
        load_lexicon(str(tmp_path / "nope.toml"))


def test_empty_and_odd_claims_do_not_crash():
    lex = load_lexicon()
    claims = [Claim("c1", "a1", 0, 0, 0.0, True, ""),
              Claim("c2", "a1", 0, 1, 0.5, False, '"', sentence_text="", attribution="direct_quote"),
              Claim("c3", "a1", 0, 2, 1.0, False, "<script>alert(1)</script> ''' \\ (")]
    out = frame_claims(claims, lex)
    assert [f.claim_id for f in out] == ["c1", "c2", "c3"]
    assert out[0].tone == 0.0


def test_event_without_articles_or_claims_gives_no_rows():
    ev = Event("e1", "empty", ("missing",))
    assert build_profiles([ev], [], {}, {}, {}, registry=None) == []
    art = Article("a1", "x.txt", "text", outlet="X")
    rows = build_profiles([Event("e2", "no claims", ("a1",))], [], {}, {}, {"a1": art}, registry=None)
    assert not [r for r in rows if r.dimension in ("omits", "only_here", "stance_share")]


def test_syntax_error_in_the_middle_names_that_line(tmp_path):
    path = _write(tmp_path, "version = 1\n\n[concepts.x]\ndescription = = 'two equals'\nwindow = 3\n")
    with pytest.raises(LexiconError, match="line 4"):
        load_lexicon(path)
