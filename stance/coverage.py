"""Which outlet a claim counts under, and which outlets carry or omit each claim group.

One rule, used by alignment (a group's outlets), the framing profiles (`only_here` / `omits`
rows), the results tables and the coverage matrix:

- an article speaks for its outlet (the wire or ministry credited), else for its publisher
  (the site that carried it), else for its source (`outlet_name`);
- a syndicated copy counts under its original's outlet when the original is known
  (`outlet_of`): one voice however many sites carry the story;
- inside an event that holds the original, a copy is no voice of its own: it neither carries
  nor omits a claim for anyone; the coverage matrix shows it as a column of its own,
  "carried as copy" (`Source.is_copy`, `source_label`).

`group_coverage` applies the rule to one event once; the profile rows and the matrix are both
read from its result, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from stance.schema import Article
from stance.text.sources import source_name

__all__ = ["CARRIED", "COPY", "OMITTED", "STATUS_NAMES", "GroupCoverage", "Source",
           "event_sources", "group_coverage", "outlet_name", "outlet_of", "source_label",
           "source_of"]

OMITTED, COPY, CARRIED = 0, 1, 2
STATUS_NAMES = {OMITTED: "omitted", COPY: "carried as copy", CARRIED: "carried"}


def outlet_name(outlet: str, publisher: str, source: str) -> str:
    """The name an article speaks under: outlet, else publisher, else its source's name (a file
    name, never a local path)."""
    return (str(outlet or "").strip() or str(publisher or "").strip()
            or source_name(str(source or "").strip()))


def outlet_of(article: Article | None, articles: Mapping[str, Article]) -> str:
    """The outlet a claim of `article` counts under: a syndicated copy counts under its
    original's outlet (when `articles` holds the original)."""
    if article is None:
        return ""
    original = articles.get(article.syndicated_of) if article.syndicated_of else None
    a = original if original is not None else article
    return outlet_name(a.outlet, a.publisher, a.source)


def source_label(outlet: str, publisher: str, is_copy: bool) -> str:
    """Display name of a coverage column: the outlet, or for a copy the site that carried it
    ("Example Daily (copy of AFP)"; "AFP (copy)" when the site is the outlet itself)."""
    if not is_copy:
        return outlet
    publisher = str(publisher or "").strip()
    if publisher and publisher.casefold() != outlet.casefold():
        return f"{publisher} (copy of {outlet})"
    return f"{outlet} (copy)"


@dataclass(frozen=True)
class Source:
    """An article as seen by coverage: the outlet it counts under, its column, and whether it is
    a copy of another article of the same event."""

    article_id: str
    outlet: str
    label: str
    is_copy: bool


def source_of(article: Article, articles: Mapping[str, Article], event_article_ids) -> Source:
    """`article` in an event holding `event_article_ids` (a container of ids)."""
    outlet = outlet_of(article, articles)
    is_copy = bool(article.syndicated_of) and article.syndicated_of in event_article_ids
    return Source(article.article_id, outlet, source_label(outlet, article.publisher, is_copy), is_copy)


def event_sources(article_ids: Sequence[str], articles: Mapping[str, Article]) -> list[Source]:
    """The sources of one event, in `article_ids` order (ids missing from `articles` skipped)."""
    ids = set(article_ids)
    return [source_of(articles[a], articles, ids) for a in article_ids if a in articles]


@dataclass(frozen=True)
class GroupCoverage:
    """Who carries one claim group of an event.

    `status`: column label -> OMITTED / COPY / CARRIED, for every column of the event;
    `carriers`: outlet -> the claim ids of its own (non-copy) articles in the group;
    `outlets`: every outlet (non-copy column) of the event, in order."""

    group_id: str
    status: dict[str, int]
    carriers: dict[str, tuple[str, ...]]
    outlets: tuple[str, ...]

    @property
    def compared(self) -> bool:
        """Omissions mean something only with two outlets or more in the event and at least
        one of them carrying the group (nothing is missing relative to nobody)."""
        return len(self.outlets) >= 2 and bool(self.carriers)

    def only_here(self) -> str:
        """The one outlet carrying the group, or "" (also when not `compared`)."""
        return next(iter(self.carriers)) if self.compared and len(self.carriers) == 1 else ""

    def omitted_by(self) -> list[str]:
        """Outlets of the event that do not carry the group ([] when not `compared`)."""
        return [o for o in self.outlets if o not in self.carriers] if self.compared else []

    def evidence(self) -> tuple[str, ...]:
        """The carrying claims, outlet by outlet."""
        return tuple(c for ids in self.carriers.values() for c in ids)


def group_coverage(members: Iterable[tuple[str, str, str]],
                   sources: Sequence[Source]) -> list[GroupCoverage]:
    """Coverage of each claim group of one event, in order of first appearance.

    `members`: (group_id, claim_id, article_id) of the groups' claims; `sources`: the event's
    articles (`event_sources`). A claim of an article outside `sources` is ignored."""
    by_article = {s.article_id: s for s in sources}
    labels = list(dict.fromkeys(s.label for s in sources))
    outlets = tuple(dict.fromkeys(s.outlet for s in sources if not s.is_copy))
    status: dict[str, dict[str, int]] = {}
    carriers: dict[str, dict[str, list[str]]] = {}
    for gid, cid, aid in members:
        cells = status.setdefault(gid, dict.fromkeys(labels, OMITTED))
        own = carriers.setdefault(gid, {})
        src = by_article.get(aid)
        if src is None:
            continue
        if src.is_copy:
            cells[src.label] = max(cells[src.label], COPY)
        else:
            cells[src.label] = CARRIED
            own.setdefault(src.outlet, []).append(cid)
    return [GroupCoverage(gid, cells, {o: tuple(ids) for o, ids in carriers[gid].items()}, outlets)
            for gid, cells in status.items()]
