"""The safe-text helpers the dashboard's views rely on: differing words marked and everything
else escaped, links only to plain web addresses, markdown labels that cannot inject markup."""

from __future__ import annotations

from stance.dashboard.text import (
    highlight_html,
    link_html,
    mark_value_html,
    md_escape,
    safe_url,
)
from stance.text.diff import changed_tokens, closest


def test_highlight_marks_only_differing_words_and_escapes_everything():
    out = highlight_html('Norland has kept out of either camp in the <script>x</script> "dispute"',
                         "Norland has tried to look impartial in the \u201cdispute\u201d")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.startswith("Norland has <mark>kept out of either camp</mark> in the")
    assert "dispute" in out and "<mark>&quot;dispute" not in out  # quote style is no difference


def test_highlight_keeps_hyphenated_words_whole():
    out = highlight_html("The envoys held far-reaching talks on the river treaty.",
                         "The envoys held talks on the river dispute, the readout said.")
    assert out == "The envoys held <mark>far-reaching</mark> talks on the river <mark>treaty</mark>."


def test_closest_wording_is_the_reference_for_highlighting():
    cands = ["Norland and Kestria call each other partners without limits.",
             "Norland has tried to look impartial on the border war."]
    assert closest("Norland has kept out of either camp on the border war.", cands) == cands[1]
    assert closest("anything", []) == ""


def test_changed_tokens_round_trip_and_ignore_case():
    text = "Mira Castellan HELD talks in Brennick."
    toks = changed_tokens(text, "mira castellan held talks in Port Alder.")
    assert "".join(t for _, t in toks) == text
    assert [t for c, t in toks if c and not t.isspace()] == ["Brennick"]


def test_links_only_for_plain_web_addresses():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<b>") == ""
    assert safe_url("https://news.example.com/x") == "https://news.example.com/x"
    assert link_html("javascript:alert(1)", "<Halden>") == "&lt;Halden&gt;"
    assert 'href="https://news.example.com/x"' in link_html("https://news.example.com/x", "Halden")


def test_mark_value_is_literal_and_escaped():
    assert mark_value_html("the 18th (a+b) round <i>", "(a+b)") == "the 18th <mark>(a+b)</mark> round &lt;i&gt;"


def test_markdown_labels_cannot_inject_links_or_markup():
    assert md_escape("[click](javascript:x) <b>") == "\\[click\\](javascript:x) \\<b\\>"
    assert md_escape("- not a list") == "\\- not a list"
    assert md_escape("18. round") == "18\\. round"
    assert md_escape("Kestrel-North") == "Kestrel-North"
