"""Event grouping on the shared dev pages (real model, real stages), apart from ingestion errors:
the pages are fed with the dates and outlets of their headers, then with a third of the dates
dropped. Floors just under the levels reached (ARI 0.989 and 0.976 when written; 1.000 and 1.000
once an undated report's own day, in its title or dateline, must fit its event's dates: 0.988
before that for a third undated); skipped without the pages.
The text of the pages stays in the shared folder: nothing of it is copied here."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from tests.conftest import SHARED

DEV = SHARED / "dev"
FLOORS = {"all dated": 0.99, "a third undated": 0.99}


def _records(drop_every: int) -> tuple[list[dict], dict[str, str]]:
    """{url, text, outlet, published} per page (header dropped from the text) and url -> event;
    every `drop_every`-th page by a stable hash of its name loses its date (0: none does)."""
    records, event_of = [], {}
    for path in sorted((DEV / "articles").glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        rec = {"url": meta["url"], "text": body, "outlet": meta["outlet"], "published": meta["date"]}
        if drop_every and zlib.crc32(path.name.encode()) % drop_every == 0:
            del rec["published"]
        records.append(rec)
        event_of[meta["url"]] = meta["event"]
    return records, event_of


@pytest.mark.slow
@pytest.mark.parametrize("variant, drop_every", [("all dated", 0), ("a third undated", 3)])
def test_dev_events_reach_their_floor(tmp_path: Path, variant: str, drop_every: int) -> None:
    from sklearn.metrics import adjusted_rand_score

    from stance.config.settings import Settings
    from stance.pipeline import analyze
    from stance.store import Store

    if not (DEV / "articles").is_dir():
        pytest.skip("dev pages (../shared/dev) not present")
    records, event_of = _records(drop_every)
    undated = sum("published" not in r for r in records)
    assert undated == 0 if not drop_every else 0.2 < undated / len(records) < 0.45
    src = tmp_path / "dev.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    store = Store(tmp_path / "dev.db")
    store.migrate()
    analyze([src], store, Settings(db_path=str(tmp_path / "dev.db")))
    rows = store.query("SELECT a.url, ea.event_id FROM articles a "
                       "LEFT JOIN event_articles ea ON ea.article_id = a.article_id")
    pred = {r["url"]: r["event_id"] or f"none-{r['url']}" for r in rows}
    urls = sorted(event_of)
    ari = adjusted_rand_score([event_of[u] for u in urls], [pred.get(u, f"none-{u}") for u in urls])
    assert ari >= FLOORS[variant], f"{variant}: event ARI {ari:.3f} < {FLOORS[variant]}"
