"""Publisher names: registry domain first, then the site's own name on the page, then a readable
name made from the domain with the domain kept beside it."""

from __future__ import annotations

import pytest

from stance.config.settings import Settings
from stance.ingest import ingest_text
from stance.ingest.registry import load_registry
from stance.ingest.sites import name_on_page, readable_label, registered_domain, site_label, site_of

BODY = ("\n\nThe foreign ministers of Norvania and Estmark agreed on Tuesday to reopen talks on a grain corridor, "
        "both governments said after a three-hour meeting in Vienna.\n\n"
        "Norvanian Foreign Minister Ilse Darrow said technical teams would meet in Geneva within two weeks.\n")


@pytest.mark.parametrize("url,domain,label", [
    ("https://www.harborherald.test/a/b", "harborherald.test", "harborherald"),
    ("https://news.lakeside.co.uk/x", "lakeside.co.uk", "lakeside"),
    ("http://al.example-embassy.gov.cn/eng/1.htm", "example-embassy.gov.cn", "example-embassy"),
    ("https://harborherald.test.:443/x", "harborherald.test", "harborherald"),  # trailing dot and port
])
def test_registered_domain(url, domain, label):
    assert registered_domain(url) == domain and site_label(url) == label


@pytest.mark.parametrize("label,name", [
    ("harborherald", "Harbor Herald"),
    ("thedailycourier", "The Daily Courier"),
    ("cbsnews", "CBS News"),  # a short consonant-only piece is an abbreviation
    ("nydailynews", "NY Daily News"),
    ("world-military-news", "World Military News"),
    ("qzxvbnews", ""),  # pieces that are no words: keep the domain instead of a guess
])
def test_readable_label(label, name):
    assert readable_label(label) == name


def test_name_on_page_spells_the_domain():
    lines = ["More from HARBORLINE Media", "Share this story"]
    assert name_on_page(lines, "harborlinemedia") == "HARBORLINE Media"
    assert name_on_page(["The Military Commission met."], "military") == ""  # an ordinary word is no name
    assert name_on_page(["Northwind Times reports"], "northwindtimesonline") == "Northwind Times"  # label + suffix


def test_site_of_order():
    reg = load_registry()
    assert site_of("https://www.reuters.com/x", [], reg).name == "Reuters"  # registry domain wins
    assert site_of("https://harborline.test/x", ["HARBORLINE reports"], reg).name == "HARBORLINE"
    assert site_of("https://harborherald.test/x", [], reg).name == "Harbor Herald (harborherald.test)"
    assert site_of("https://qzxvb.test/x", [], reg).name == "qzxvb.test"


def test_no_credit_means_the_site_is_the_outlet():
    a = ingest_text("Grain talks resume" + BODY, "p", Settings(), meta={"url": "https://www.harborherald.test/w/1"})
    assert a.outlet == a.publisher == "Harbor Herald (harborherald.test)"
    assert any("not in the outlet registry" in w for w in a.warnings)
