"""Build one `Article` from a raw document: extract (HTML), clean, and fill in provenance.

Metadata given with the document (a JSONL/CSV record, the dashboard form) always wins; detection
only fills what is missing, and every gap it cannot fill becomes a warning on the article.
"""

from __future__ import annotations

import re

from stance.claims.segment import BLOCK_CHARS, break_long_paragraph
from stance.errors import IngestError
from stance.ingest.boilerplate import CleanPage, clean_page
from stance.ingest.dating import Dated, find_date
from stance.ingest.language import detect_language
from stance.ingest.outlets import identify, page_parts
from stance.ingest.provenance import pick_title
from stance.ingest.readers import RawDoc
from stance.ingest.registry import Registry
from stance.ingest.sites import registered_domain
from stance.schema import Article, stable_hash
from stance.text.dates import parse_date


def _html_parts(html: str, url: str) -> tuple[str, str, dict]:
    """(main text, visible page text, metadata) of an HTML page via trafilatura."""
    import lxml.html
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False, favor_precision=True)
    meta: dict = {}
    body = ""
    if doc is not None:
        get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
        body = get("text") or ""
        for k in ("title", "date", "sitename", "hostname", "language"):
            if get(k):
                meta[k] = str(get(k))
    visible = ""
    try:
        tree = lxml.html.fromstring(html)
        for bad in tree.xpath("//script|//style|//noscript|//template"):
            bad.drop_tree()
        for el in tree.iter():  # keep block boundaries as line breaks for line-anchored cues
            if isinstance(el.tag, str) and el.tag.lower() in ("p", "div", "li", "br", "h1", "h2", "h3", "h4",
                                                               "tr", "section", "article", "header",
                                                               "footer", "figcaption", "span"):
                el.tail = "\n" + (el.tail or "")
        visible = tree.text_content()
    except Exception:  # noqa: BLE001 - lxml raises several types on broken markup
        visible = body
    if not body.strip():  # trafilatura found no main text: clean the whole visible page instead
        body = visible
    return body, visible, meta


MOSTLY_FURNITURE = 0.25  # a story under this share of the page's words: warn that little was kept


def _strip_site(title: str, site: str, registry: Registry) -> str:
    """"Headline | Site" -> "Headline" (page titles often carry the site's name)."""
    m = re.match(r"^(?P<head>.{8,}?)\s+[|\u2013\u2014-]\s+(?P<tail>[^|\u2013\u2014]{2,40})$", title.strip())
    if m and (m["tail"].strip().casefold() == site.strip().casefold() or registry.info(m["tail"]) is not None):
        return m["head"].strip()
    return title.strip()


def build_article(doc: RawDoc, registry: Registry) -> Article:
    """Raise IngestError when no article text can be found."""
    meta = doc.meta
    url = meta.get("url", "")
    if not url and doc.source.startswith(("http://", "https://")):
        url = doc.source
    html_meta: dict = {}
    if doc.kind == "html":
        body_text, raw_text, html_meta = _html_parts(doc.text, url)
    else:
        body_text = raw_text = doc.text
    lang, _conf = detect_language(body_text or raw_text)
    page: CleanPage = clean_page(body_text, "en" if lang == "und" else lang)
    if not page.paragraphs:
        lines = sum(1 for line in (body_text or raw_text).splitlines() if line.strip())
        words = len((body_text or raw_text).split())
        raise IngestError(f"no article text found: none of its {lines:,} line{'s' if lines != 1 else ''} "
                          f"({words:,} word{'s' if words != 1 else ''}) reads as story sentences "
                          "(only menus, headlines, lists or page furniture)", source=doc.source,
                          hint="Check that the file holds the article itself, or give it as a record with a \"text\" field.")
    warnings: list[str] = list(doc.warnings)
    paragraphs = [block for par in page.paragraphs for block in break_long_paragraph(par)]
    if len(paragraphs) > len(page.paragraphs):
        longest = max(len(p) for p in page.paragraphs)
        warnings.append(f"a paragraph of {longest:,} characters (no line breaks) was broken at sentence ends "
                        f"into blocks of about {BLOCK_CHARS:,} characters; give paragraphs separated by blank "
                        "lines if the page has them")
    text = "\n\n".join(paragraphs)

    # title: record > HTML metadata > the header line that restates the lead
    title = meta.get("title") or _strip_site(html_meta.get("title", ""), html_meta.get("sitename", ""), registry) \
        or pick_title(page.title_candidates, " ".join(page.paragraphs[:2]))
    if not title:
        warnings.append("no headline found above the story; give a \"title\" field if one is needed")
    kept_words, all_words = len(text.split()), len(body_text.split())
    if all_words >= 80 and kept_words < MOSTLY_FURNITURE * all_words:
        warnings.append(f"mostly page furniture: kept {kept_words} of {all_words} words as the story; "
                        "check that the file holds the article and not a section front or menu")

    # outlet and publisher: record > credits and site read from the page (HTML: the whole visible page)
    parts = page_parts(clean_page(raw_text, "en" if lang == "und" else lang) if doc.kind == "html" else page)
    det = identify(parts, url, title, registry, declared_site=html_meta.get("sitename", ""))
    outlet = registry.canonical(meta["outlet"]) if meta.get("outlet") else det.outlet
    publisher = registry.canonical(meta["publisher"]) if meta.get("publisher") else det.publisher
    if not outlet:
        warnings.append("unknown outlet: no credit, site name, address or registry entry names it; "
                        "give an \"outlet\" field or add the site to your outlet registry")
    elif registry.info(outlet) is None and not meta.get("outlet"):
        warnings.append(f"outlet {outlet!r} is not in the outlet registry (type and side unknown); "
                        "add it to your registry file (registry_path setting)")

    # publication date: record > detection from the page and its address, with how it was found
    dated = Dated()
    if meta.get("published"):
        dated = Dated(parse_date(meta["published"]), "record")
        if not dated.date:
            warnings.append(f"published value {meta['published']!r} is not a date; detected one instead")
    if not dated.date:
        dated = find_date(parts, url, page.header_date, parse_date(html_meta.get("date", "")))
    if not dated.date:
        warnings.append("no date found on the page or in its address; give a \"published\" date (YYYY-MM-DD) "
                        "in a JSONL/CSV record if date-based grouping matters")

    language = meta.get("language") or lang
    if language == "und":
        warnings.append("language could not be detected (text too short)")
    elif language != "en":
        warnings.append(f"language is {language!r}, not English: later stages are tuned for English")

    return Article(
        # the same text on the same site is one article; on another site it is a copy (linked later)
        article_id=stable_hash(text, registered_domain(url)) if url else stable_hash(text),
        source=doc.source,
        text=text,
        url=url,
        outlet=outlet,
        publisher=publisher,
        published=dated.date,
        date_source=dated.source if dated.date else "",
        title=title,
        dateline=page.dateline,
        language=language,
        warnings=tuple(warnings),
    )
