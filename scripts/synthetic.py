"""Synthetic corpora derived from the seed pages, for scale tests and `make bench`.

Each synthetic article is a perturbed copy of one seed page: synonyms swapped, sentences
shuffled within paragraphs, every date shifted (so copies fall into many separate events), and
the crediting outlet changed to another registry outlet. The copies are raw page text, so
ingestion does its full work (cleaning, outlet detection, syndication) on them.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# Common news words and interchangeable alternatives (applied whole-word, case preserved).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "added", "remarked"),
    "says": ("states", "notes"),
    "talks": ("discussions", "consultations", "negotiations"),
    "meeting": ("session", "encounter", "talks"),
    "agreed": ("concurred", "consented"),
    "countries": ("nations", "states"),
    "country": ("nation", "state"),
    "relations": ("ties", "relationship"),
    "ties": ("relations", "links"),
    "cooperation": ("collaboration", "partnership"),
    "strengthen": ("bolster", "reinforce", "deepen"),
    "deepen": ("strengthen", "expand"),
    "important": ("significant", "key", "major"),
    "strategic": ("long-term", "strategic"),
    "visit": ("trip", "tour"),
    "trip": ("visit", "journey"),
    "top": ("senior", "leading"),
    "support": ("backing", "endorsement"),
    "oppose": ("reject", "resist"),
    "both": ("the two", "both"),
    "world": ("globe", "international community"),
    "situation": ("crisis", "state of affairs"),
    "statement": ("readout", "communique"),
    "pledged": ("vowed", "promised"),
    "willing": ("ready", "prepared"),
    "promote": ("advance", "foster"),
    "global": ("worldwide", "international"),
    "also": ("further", "in addition"),
    "recent": ("latest", "past"),
    "discussed": ("talked about", "reviewed", "examined"),
    "sides": ("parties", "partners"),
    "stability": ("security", "calm"),
    "peace": ("harmony", "peace"),
    "new": ("fresh", "novel"),
    "closer": ("tighter", "stronger"),
    "development": ("progress", "growth"),
    "international": ("global", "worldwide"),
    "bilateral": ("two-way", "mutual"),
    "military": ("defence", "armed"),
    "hold": ("conduct", "have"),
    "held": ("conducted", "had"),
    "counterpart": ("opposite number", "peer"),
    "economic": ("financial", "trade"),
    "partnership": ("alliance", "cooperation"),
    "frequently": ("often", "regularly"),
    "issues": ("matters", "questions"),
    "efforts": ("work", "endeavours"),
    "region": ("area", "zone"),
    "exchanged": ("shared", "traded"),
    "during": ("in the course of", "throughout"),
    "chief": ("head", "leader"),
    "crisis": ("conflict", "turmoil"),
    "role": ("part", "function"),
    "promoting": ("advancing", "fostering"),
    "supports": ("backs", "endorses"),
    "ensuring": ("guaranteeing", "securing"),
    "diplomat": ("envoy", "official"),
    "views": ("opinions", "perspectives"),
    "level": ("tier", "degree"),
    "will": ("is set to", "is going to"),
    "could": ("might", "may"),
    "should": ("ought to", "must"),
    "amid": ("during", "against the backdrop of"),
    "opened": ("began", "started"),
    "allies": ("partners", "friends"),
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_RE = "|".join(MONTHS)
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(,\s*((?:19|20)\d{{2}}))?\b")
_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})(\s+((?:19|20)\d{{2}}))?\b")
_SENT = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_WORD = re.compile(r"[A-Za-z]+")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def shift_dates(text: str, days: int) -> str:
    """Move every ISO, "Month D[, YYYY]" and "D Month[ YYYY]" date by `days`. A date without a
    year is shifted as if in a non-leap year and written back without one."""

    def iso(m: re.Match) -> str:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d + timedelta(days=days)).isoformat() if d else m.group(0)

    def mdy(m: re.Match) -> str:
        year = int(m.group(4)) if m.group(4) else 2023
        d = _safe_date(year, MONTHS.index(m.group(1)) + 1, int(m.group(2)))
        if d is None:
            return m.group(0)
        n = d + timedelta(days=days)
        return f"{MONTHS[n.month - 1]} {n.day}, {n.year}" if m.group(4) else f"{MONTHS[n.month - 1]} {n.day}"

    def dmy(m: re.Match) -> str:
        year = int(m.group(4)) if m.group(4) else 2023
        d = _safe_date(year, MONTHS.index(m.group(2)) + 1, int(m.group(1)))
        if d is None:
            return m.group(0)
        n = d + timedelta(days=days)
        return f"{n.day} {MONTHS[n.month - 1]} {n.year}" if m.group(4) else f"{n.day} {MONTHS[n.month - 1]}"

    return _DMY.sub(dmy, _MDY.sub(mdy, _ISO.sub(iso, text)))


def swap_synonyms(text: str, rng: random.Random, p: float) -> str:
    """Replace known words by an alternative with probability `p`, keeping capitalisation."""

    def one(m: re.Match) -> str:
        w = m.group(0)
        alts = SYNONYMS.get(w.lower())
        if not alts or rng.random() >= p:
            return w
        alt = rng.choice(alts)
        return alt[:1].upper() + alt[1:] if w[:1].isupper() else alt

    return _WORD.sub(one, text)


def shuffle_sentences(text: str, rng: random.Random, p: float) -> str:
    """Shuffle the sentences of a paragraph (one line of a page dump) with probability `p`."""
    lines = []
    for line in text.split("\n"):
        parts = _SENT.split(line)
        if len(parts) > 1 and rng.random() < p:
            rng.shuffle(parts)
        lines.append(" ".join(parts))
    return "\n".join(lines)


_PLAIN = re.compile(r"(?<= )[a-z]{4,}(?= )")  # a lower-case word inside a sentence


def vary_words(text: str, rng: random.Random, p: float) -> str:
    """In each sentence, with probability `p`, drop one lower-case word and put another word of
    the same page in place of a second one, as rewrites of a wire story differ: copies of one
    seed then rarely repeat a sentence word for word (the bench wants repeated claim texts
    under 10 %, as on real pages, and prints the share)."""
    vocab = sorted({m.group(0) for m in _PLAIN.finditer(text)})
    lines = []
    for line in text.split("\n"):
        parts = []
        for sent in _SENT.split(line):
            words = list(_PLAIN.finditer(sent))
            if len(words) >= 2 and rng.random() < p:
                drop, swap = sorted(rng.sample(range(len(words)), 2), reverse=True)
                for k in (drop, swap):  # right to left: earlier offsets stay valid
                    m = words[k]
                    sent = sent[:m.start()] + sent[m.end() + 1:] if k == drop else \
                        sent[:m.start()] + rng.choice(vocab) + sent[m.end():]
            parts.append(sent)
        lines.append(" ".join(parts))
    return "\n".join(lines)


@dataclass(frozen=True)
class OutletCues:
    name: str
    cue: str  # the first credit cue ("(Reuters)"), or "" when the outlet has none


def registry_outlets(registry=None) -> list[OutletCues]:
    """Outlets of the shipped registry (or the one given) with their first credit cue."""
    if registry is None:
        from stance.ingest.registry import load_registry

        registry = load_registry("")
    return [OutletCues(o.name, o.cues[0] if o.cues else "") for o in registry.outlets]


def change_outlet(text: str, outlets: Sequence[OutletCues], target: OutletCues) -> str:
    """Replace every registry credit cue in the page by the target outlet's cue and add a
    "Source:" credit line under the first line, as many news pages carry."""
    for o in outlets:
        if o.cue and o.cue in text and o.name != target.name:
            text = text.replace(o.cue, target.cue or f"({target.name})")
    first, _, rest = text.partition("\n")
    return f"{first}\nSource: {target.name}\n{rest}"


@dataclass(frozen=True)
class SyntheticArticle:
    name: str  # file-like name of the copy ("00042_003_b5873b51e5301179.txt")
    text: str
    outlet: str
    seed: str  # name of the seed page it was derived from
    event_offset_days: int


def synthetic_articles(seeds_dir: str | Path, n_articles: int, seed: int = 0,
                       copies_per_event: int = 3, days_between_events: int = 9,
                       synonym_p: float = 0.6, shuffle_p: float = 0.5, vary_p: float = 1.0,
                       registry=None) -> Iterator[SyntheticArticle]:
    """Yield `n_articles` perturbed copies of the seed pages, lazily (flat memory).

    Every block of `copies_per_event` x n_seeds copies shares one date offset, so the corpus
    holds about n_articles / (copies_per_event * n_seeds) separate events."""
    paths = sorted(Path(seeds_dir).glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no seed pages (*.txt) in {seeds_dir}")
    seeds = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    outlets = [o for o in registry_outlets(registry)]
    rng = random.Random(seed)
    per_event = copies_per_event * len(seeds)
    for i in range(n_articles):
        event = i // per_event
        name, raw = seeds[i % len(seeds)]
        offset = event * days_between_events + rng.randint(0, 1)
        target = rng.choice(outlets)
        text = shift_dates(raw, offset)
        text = swap_synonyms(text, rng, synonym_p)
        text = shuffle_sentences(text, rng, shuffle_p)
        text = vary_words(text, rng, vary_p)
        text = change_outlet(text, outlets, target)
        yield SyntheticArticle(f"{i:05d}_{name}", text, target.name, name, offset)


def write_corpus(folder: str | Path, seeds_dir: str | Path, n_articles: int, seed: int = 0,
                 jsonl_every: int = 0, **kwargs) -> list[Path]:
    """Write a synthetic corpus as .txt pages; with `jsonl_every` = k > 0, every k-th article
    goes into one .jsonl file instead (records with text, title, outlet and source fields)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    jsonl = folder / "records.jsonl"
    with jsonl.open("w", encoding="utf-8") as jf:
        n_records = 0
        for i, art in enumerate(synthetic_articles(seeds_dir, n_articles, seed=seed, **kwargs)):
            if jsonl_every and i % jsonl_every == jsonl_every - 1:
                title = art.text.split("\n", 1)[0].strip()
                jf.write(json.dumps({"source": art.name, "title": title, "outlet": art.outlet,
                                     "text": art.text}) + "\n")
                n_records += 1
                continue
            path = folder / art.name
            path.write_text(art.text, encoding="utf-8")
            written.append(path)
    if n_records:
        written.append(jsonl)
    else:
        jsonl.unlink()
    return written
