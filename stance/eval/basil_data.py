"""Loader for the BASIL development part (evaluation only; never copied into the project).

BASIL (Fan et al., EMNLP 2019) gives, per event, one Fox / NYT / HuffPost article already split
into paragraphs of sentences, plus span annotations keyed by flattened sentence index (`p<N>`)
with character offsets into that sentence. This module turns the two JSON files of each article
into one simple record so evaluation scripts do not each re-parse the quirks (upper-case
sources, `pair-uuid` vs `triplet-uuid`, title spans).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.errors import StanceError

SPAN_FIELDS = ("id", "start", "end", "txt", "bias", "polarity", "target", "aim", "quote",
               "speaker", "indirect-target-name", "indirect-ally-opponent-sentiment", "notes")


class BasilDataError(StanceError):
    code = "E700"


@dataclass(frozen=True)
class BasilArticle:
    """One BASIL article with its annotations.

    `sentences` is `body-paragraphs` flattened in order, so `sentences[N]` is the sentence of span
    id `p<N>`; `paragraph_of[N]` is the paragraph index of that sentence. Each span dict has the
    upstream fields (see SPAN_FIELDS, missing ones as "") plus `sentence` = N (int) or None for
    headline spans (`id == "title"`).
    """

    triplet: str
    uuid: str
    source: str  # fox | nyt | hpo (lower-cased)
    date: str
    title: str
    url: str
    main_event: str
    main_entities: tuple[str, ...]
    paragraphs: tuple[tuple[str, ...], ...]
    sentences: tuple[str, ...]
    paragraph_of: tuple[int, ...]
    spans: tuple[dict[str, Any], ...]
    feelings: dict[str, str] = field(default_factory=dict)  # entity -> neg/neu/pos (author_feeling_*)
    main_event_feeling: str = ""
    relative_stance: str = ""  # left | center | right (liberal/conservative collapsed)

    @property
    def body_text(self) -> str:
        """Paragraphs joined by blank lines, sentences by a space (the stance Article layout)."""
        return "\n\n".join(" ".join(p) for p in self.paragraphs)


_STANCE = {"left": "left", "liberal": "left", "center": "center",
           "right": "right", "conservative": "right"}


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BasilDataError(f"cannot read BASIL file ({exc})", source=str(path),
                             hint="Check that the BASIL folder is complete.") from exc


def _span(raw: dict) -> dict[str, Any]:
    span = {k: raw.get(k, "") for k in SPAN_FIELDS}
    span["start"], span["end"] = int(raw["start"]), int(raw["end"])
    sid = str(raw.get("id", ""))
    span["sentence"] = int(sid[1:]) if sid.startswith("p") and sid[1:].isdigit() else None
    return span


def load_article(article_path: Path, annotation_path: Path) -> BasilArticle:
    """Read one article file and its `_ann` file into a BasilArticle."""
    art = _read_json(article_path)
    ann = _read_json(annotation_path)
    paragraphs = tuple(tuple(str(s) for s in p) for p in art.get("body-paragraphs", []))
    sentences: list[str] = []
    paragraph_of: list[int] = []
    for pi, para in enumerate(paragraphs):
        for sent in para:
            sentences.append(sent)
            paragraph_of.append(pi)
    level = ann.get("article-level-annotations", {}) or {}
    feelings = {k[len("author_feeling_"):]: str(v) for k, v in level.items()
                if k.startswith("author_feeling_") and k != "author_feeling_main_event"}
    return BasilArticle(
        triplet=str(art.get("triplet-uuid") or ann.get("triplet-uuid") or ann.get("pair-uuid", "")),
        uuid=str(art.get("uuid", "")),
        source=str(art.get("source", "")).lower(),
        date=str(art.get("date", "")),
        title=str(art.get("title", "")),
        url=str(art.get("url", "")),
        main_event=str(art.get("main-event", "")),
        main_entities=tuple(art.get("main-entities", []) or ()),
        paragraphs=paragraphs,
        sentences=tuple(sentences),
        paragraph_of=tuple(paragraph_of),
        spans=tuple(_span(s) for s in ann.get("phrase-level-annotations", []) or []),
        feelings=feelings,
        main_event_feeling=str(level.get("author_feeling_main_event", "")),
        relative_stance=_STANCE.get(str(level.get("relative_stance", "")).lower(), ""),
    )


def load_basil(root: str | Path) -> list[BasilArticle]:
    """All articles under `root` (the folder holding `articles/` and `annotations/`), sorted by
    (triplet, source). Raises BasilDataError when the folder is missing or an annotation file is
    absent for an article."""
    root = Path(root)
    art_dir, ann_dir = root / "articles", root / "annotations"
    if not art_dir.is_dir() or not ann_dir.is_dir():
        raise BasilDataError("not a BASIL folder (needs articles/ and annotations/)",
                             source=str(root), hint="Pass the folder that holds BASIL's README.md.")
    out: list[BasilArticle] = []
    for path in sorted(art_dir.glob("*/*.json")):
        ann = ann_dir / path.parent.name / f"{path.stem}_ann.json"
        if not ann.exists():
            raise BasilDataError("annotation file missing", source=str(ann),
                                 hint="Restore the BASIL folder from its manifest.")
        out.append(load_article(path, ann))
    out.sort(key=lambda a: (a.triplet, a.source))
    return out
