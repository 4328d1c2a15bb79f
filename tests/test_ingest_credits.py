"""Credits: each kind of credit names the outlet; photo credits and mentions never do."""

from __future__ import annotations

import pytest

from stance.config.settings import Settings
from stance.ingest import ingest_text

BODY = ("The foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
        "both governments said after a three-hour meeting.\n\n"
        "Norvanian Foreign Minister Ilse Darrow said technical teams would meet in Geneva within two weeks.\n\n"
        "Her counterpart said any deal would depend on guarantees for ships leaving the northern ports.\n")
SITE = "https://www.harborherald.test/world/grain-talks"


def _outlet(text: str, url: str = SITE) -> str:
    return ingest_text(text, "page.txt", Settings(), meta={"url": url}).outlet


@pytest.mark.parametrize("page,outlet", [
    # datelines: place, date, agency in brackets or slashes
    ("VIENNA, May 14 (Reuters) - " + BODY, "Reuters"),
    ("Port Ellis [Ruritania], May 14 (ANI): " + BODY, "ANI"),
    ("Port Ellis, May 14 (EFE).- " + BODY, "EFE"),
    ("VIENNA, May 14. /TASS/. " + BODY, "TASS"),
    ("(Bloomberg) - " + BODY, "Bloomberg"),
    ("Lakeside, 14 May 2024 (NWD): " + BODY, "NWD"),  # an agency the registry does not know, as written
    # a credit bracket opening the lead
    ("Lakeside, (APP - Harbor Point News - 14th May, 2024) " + BODY, "APP"),
    ("(Xinhua) " + BODY, "Xinhua"),
])
def test_dateline_credits(page, outlet):
    assert _outlet("Grain talks to resume\n\n" + page) == outlet


@pytest.mark.parametrize("above,outlet", [
    ("Source: Xinhua", "Xinhua"),
    ("SOURCE: ukrinform.net", "Ukrinform"),  # a registered domain as the source
    ("From Xinhua News Agency, May 14, 2024. Complete text:", "Xinhua"),
    ("By AFP", "AFP"),
    ("By Jane Roe | AP", "AP"),
    ("Associated Press", "AP"),  # a line that is only an agency's name
    ("Xinhua) 16:40, May 14, 2024", "Xinhua"),  # an agency beside a timestamp
    ("Readout of the Secretary's meeting with Foreign Minister Darrow, the White House, May 14, 2024.",
     "The White House"),  # a government readout is its own outlet
])
def test_credit_lines_above_the_story(above, outlet):
    assert _outlet(f"Grain talks to resume\n{above}\n\n{BODY}") == outlet


@pytest.mark.parametrize("closing,outlet", [
    ("Both sides will meet again in June. (Reuters/Xinhua)", "Reuters"),
    ("(Excerpts : Xinhua)", "Xinhua"),
    ("Both sides will meet again in June. \u2014 AFP", "AFP"),
    ("AFP contributed reporting.", "AFP"),
    ("(With inputs from PTI)", "PTI"),
    ("\u00a92024 Bloomberg L.P.", "Bloomberg"),  # a wire's copyright on another site's page
])
def test_closing_credits(closing, outlet):
    assert _outlet(f"Grain talks to resume\n\n{BODY}\n{closing}\n") == outlet


@pytest.mark.parametrize("furniture", [
    "Ilse Darrow arrives for talks in Vienna, Austria, May 14, 2024. (Xinhua/Li Ming)",
    "Ilse Darrow arrives for talks in Vienna. REUTERS/Jane Roe/Pool",
    "Ilse Darrow arrives for talks in Vienna. Photo: AFP",
    "Ilse Darrow arrives for talks in Vienna [File: Jane Roe/Reuters]",
    "Ilse Darrow (left) meets Pavel Oresky in Vienna on May 14, 2024. \u2014 Reuters",
    "Ilse Darrow arrives for talks in Vienna - Copyright AFP Jane Roe",
])
def test_photo_credits_are_not_article_credits(furniture):
    """The story is the site's own: the outlet is the publisher, named from its domain."""
    a = ingest_text(f"Grain talks to resume\n{furniture}\n\n{BODY}", "page.txt", Settings(), meta={"url": SITE})
    assert a.outlet == a.publisher == "Harbor Herald (harborherald.test)"


def test_mentions_are_not_credits():
    text = BODY + "\nAccording to AFP, the talks lasted three hours, and Reuters said a deal was close.\n"
    assert _outlet("Grain talks to resume\n\n" + text) == "Harbor Herald (harborherald.test)"


def test_registry_domain_names_the_publisher_and_credit_the_outlet():
    a = ingest_text("Grain talks\n\nVIENNA (AP) - " + BODY, "p", Settings(),
                    meta={"url": "https://www.reuters.com/world/grain"})
    assert (a.outlet, a.publisher) == ("AP", "Reuters")


def test_no_address_no_credit_leaves_outlet_blank_with_a_warning():
    a = ingest_text("Grain talks to resume\n\n" + BODY, "pasted", Settings())
    assert a.outlet == "" and any("unknown outlet" in w for w in a.warnings)
