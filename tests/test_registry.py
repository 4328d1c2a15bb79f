"""Outlet registry: shipped data is valid, aliases resolve, detection uses credits not mentions,
and a user file extends or overrides the shipped one."""

from __future__ import annotations

import pytest

from stance.claims.actors import known_sides
from stance.errors import SettingsError
from stance.ingest.registry import load_registry
from stance.schema import OUTLET_TYPES


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_shipped_registry_is_complete(reg):
    names = {o.name for o in reg.outlets}
    for n in ("Reuters", "AFP", "AP", "Xinhua", "CGTN", "Global Times", "China Daily", "Chinese Foreign Ministry",
              "TASS", "RIA Novosti", "RT", "Kremlin", "Russian Foreign Ministry", "Al-Ahed", "Al Jazeera", "BBC",
              "CNN", "The New York Times", "The Washington Post", "The Guardian", "DW", "Kyiv Independent",
              "Ukrinform", "The Japan News", "Beijing Review", "Digital Journal", "Fox News", "HuffPost"):
        assert n in names
    for o in reg.outlets:
        assert o.type in OUTLET_TYPES and o.side in known_sides() and o.country
    assert reg.info("Xinhua").state_affiliated and not reg.info("Reuters").state_affiliated
    assert reg.info("fmprc").type == "ministry"


@pytest.mark.parametrize("alias,name", [("al ahed", "Al-Ahed"), ("ALAHED", "Al-Ahed"), ("alahednews", "Al-Ahed"),
                                        ("Agence France-Presse", "AFP"), ("xinhua news agency", "Xinhua"),
                                        ("China MFA", "Chinese Foreign Ministry"), ("Yomiuri", "The Japan News"),
                                        ("Associated Press", "AP")])
def test_aliases(reg, alias, name):
    assert reg.canonical(alias) == name


def test_unknown_name_is_kept(reg):
    assert reg.canonical("  Harbor Herald ") == "Harbor Herald" and reg.info("Harbor Herald") is None


def test_detection_prefers_credit_over_mentions(reg):
    text = ("Home\nWorld\nMOSCOW (Reuters) - Russia's foreign ministry said on Monday that talks with Xinhua "
            "reporters and China's foreign ministry officials were useful.\n")
    assert reg.detect(text) == ("Reuters", "")


def test_detection_by_url_and_source_line(reg):
    outlet, publisher = reg.detect("Source: Xinhua\nThe two sides met on Monday.", url="https://www.globaltimes.cn/page/1.html")
    assert (outlet, publisher) == ("Xinhua", "Global Times")


def test_photo_credit_is_not_the_publisher(reg):
    text = ("A minister speaks to reporters in Vienna - Copyright AFP Jane Doe\n"
            "VIENNA - The talks ended on Monday without agreement, officials said.\n")
    assert reg.detection(text).publisher == ""


def test_page_template_cues_need_several_hits(tmp_path):
    """An analyst may name a site by its template strings; weak ones count only together."""
    extra = tmp_path / "outlets.toml"
    extra.write_text('[[outlet]]\nname = "Harbor Herald"\ntype = "private"\nside = "West"\n'
                     'page_cues = ["Harbor weather", "Tide tables", "Dock notices"]\n', encoding="utf-8")
    reg = load_registry(str(extra))
    assert reg.detect("Harbor weather\nThe ministers met on Monday.\n")[1] == ""
    many = "Harbor weather\nTide tables\nThe ministers met.\nDock notices\n"
    assert reg.detect(many)[1] == "Harbor Herald"


def test_shipped_registry_has_no_site_template_strings(reg):
    """Shipped cues credit reporting or name an owner; a site's menu or footer text copied from
    one page is no rule (and a copyright line is read by the general copyright-owner rule)."""
    assert not any(o.page_cues for o in reg.outlets)
    assert reg.detect("Politics\nCopyright Beijing Review. All rights reserved.\n")[1] == "Beijing Review"


def test_user_registry_extends_and_overrides(tmp_path):
    extra = tmp_path / "outlets.toml"
    extra.write_text(
        '[[outlet]]\nname = "Harbor Herald"\naliases = ["HH"]\ncountry = "US"\ntype = "private"\n'
        'side = "West"\ndomains = ["harborherald.test"]\nsite_cues = ["Harbor Herald Media Group"]\n\n'
        '[[outlet]]\nname = "reuters"\ncountry = "US"\n', encoding="utf-8")
    reg = load_registry(str(extra))
    assert reg.canonical("hh") == "Harbor Herald"
    assert reg.detect("x", url="https://news.harborherald.test/a")[1] == "Harbor Herald"
    assert reg.info("Reuters").country == "US" and reg.info("Reuters").type == "wire"  # merged, not replaced
    assert load_registry().info("Reuters").country == "GB"  # shipped registry untouched


@pytest.mark.parametrize("body,what", [('[[outlet]]\nname = "X"\ntype = "blog"\n', "type"),
                                       ('[[outlet]]\nname = "X"\nside = "Mars"\n', "side"),
                                       ('[[outlet]]\nname = "X"\ncolour = "red"\n', "unknown field"),
                                       ('[[outlet]\nname = "X"\n', "not valid TOML")])
def test_bad_user_registry_is_named(tmp_path, body, what):
    p = tmp_path / f"bad-{abs(hash(body))}.toml"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(SettingsError, match=what) as err:
        load_registry(str(p))
    assert str(p) in str(err.value)


def test_missing_user_registry(tmp_path):
    with pytest.raises(SettingsError, match="not found"):
        load_registry(str(tmp_path / "nope.toml"))


def test_outlet_sides_come_from_the_actors_data(tmp_path):
    """Another conflict: its sides are declared in an actors file, and outlets may use them."""
    actors = tmp_path / "actors.toml"
    actors.write_text('sides = ["Northland", "Southland"]\n', encoding="utf-8")
    outlets = tmp_path / "outlets.toml"
    outlets.write_text('[[outlet]]\nname = "North Star"\nside = "Northland"\n', encoding="utf-8")
    assert load_registry(str(outlets), actors_path=str(actors)).info("North Star").side == "Northland"
    with pytest.raises(SettingsError, match="Northland"):
        load_registry(str(outlets))  # the shipped actors data declares no such side
