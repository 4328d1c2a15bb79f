"""Named, ordered schema migrations. Each runs once, inside a transaction, and is recorded.

Add a migration by appending to MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE articles (
            article_id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            publisher TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            dateline TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'en',
            syndicated_of TEXT NOT NULL DEFAULT '',
            n_chars INTEGER NOT NULL,
            text TEXT NOT NULL,
            minhash BLOB,
            ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_outlet ON articles(outlet);
        """,
    ),
    (
        "0002_claims",
        """
        CREATE TABLE claims (
            claim_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
            paragraph INTEGER NOT NULL,
            sentence_index INTEGER NOT NULL,
            sub_index INTEGER NOT NULL DEFAULT 0,
            position REAL NOT NULL,
            is_lede INTEGER NOT NULL,
            claim_text TEXT NOT NULL,
            sentence_text TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            speaker_side TEXT NOT NULL DEFAULT '',
            attribution TEXT NOT NULL,
            reporting_verb TEXT NOT NULL DEFAULT '',
            quoted_spans TEXT NOT NULL DEFAULT '[]',
            attribution_cue TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX claims_article ON claims(article_id);
        """,
    ),
    (
        "0003_embeddings",
        """
        CREATE TABLE embeddings (
            text_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (text_hash, model)
        );
        """,
    ),
    (
        "0004_analysis",
        """
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            start TEXT NOT NULL DEFAULT '',
            "end" TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            participants TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE event_articles (
            event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
            PRIMARY KEY (event_id, article_id)
        );
        CREATE TABLE claim_groups (
            group_id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
            representative_claim_id TEXT NOT NULL,
            representative TEXT NOT NULL,
            outlets TEXT NOT NULL DEFAULT '[]',
            n_outlets INTEGER NOT NULL,
            talking_point_id TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX claim_groups_event ON claim_groups(event_id);
        CREATE TABLE group_members (
            group_id TEXT NOT NULL REFERENCES claim_groups(group_id) ON DELETE CASCADE,
            claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
            similarity REAL NOT NULL,
            PRIMARY KEY (group_id, claim_id)
        );
        CREATE INDEX group_members_claim ON group_members(claim_id);
        CREATE TABLE claim_framing (
            claim_id TEXT PRIMARY KEY REFERENCES claims(claim_id) ON DELETE CASCADE,
            stance TEXT NOT NULL,
            stance_cue TEXT NOT NULL DEFAULT '',
            tone REAL NOT NULL DEFAULT 0,
            target_tones TEXT NOT NULL DEFAULT '{}',
            terms TEXT NOT NULL DEFAULT '{}',
            is_background INTEGER NOT NULL DEFAULT 0,
            background_cue TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE framing (
            event_id TEXT NOT NULL,
            outlet TEXT NOT NULL,
            dimension TEXT NOT NULL,
            value TEXT NOT NULL,
            score REAL NOT NULL,
            evidence_claim_ids TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX framing_event ON framing(event_id);
        CREATE TABLE discrepancies (
            group_id TEXT NOT NULL,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            kind TEXT NOT NULL,
            value_a TEXT NOT NULL,
            value_b TEXT NOT NULL,
            PRIMARY KEY (group_id, claim_a, claim_b, kind)
        );
        """,
    ),
    (
        "0005_annotations",
        """
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            identity TEXT NOT NULL DEFAULT 'local',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
        );
        CREATE TABLE annotation_sessions (
            session_id TEXT PRIMARY KEY,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            filter TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE annotations (
            annotation_id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            session_id TEXT NOT NULL,
            item_type TEXT NOT NULL,
            item_id TEXT NOT NULL,
            label TEXT NOT NULL,
            value TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            prediction TEXT NOT NULL DEFAULT '',
            adjudicated INTEGER NOT NULL DEFAULT 0,
            UNIQUE (annotator, session_id, item_type, item_id, label, created_at)
        );
        CREATE INDEX annotations_item ON annotations(item_type, item_id, label);
        """,
    ),
    (
        "0006_article_warnings",  # ingestion caveats (no date, unknown outlet, language), JSON list
        "ALTER TABLE articles ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]'",
    ),
    (
        "0007_streaming_indexes",  # a streaming run replaces events by article, renames talking points
        """
        CREATE INDEX event_articles_article ON event_articles(article_id);
        CREATE INDEX claim_groups_talking_point ON claim_groups(talking_point_id);
        CREATE INDEX articles_day ON articles(published, article_id);
        """,
    ),
    (
        "0008_article_date_source",  # how each article's date was found; shingle count for containment
        """
        ALTER TABLE articles ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
        ALTER TABLE articles ADD COLUMN n_shingles INTEGER NOT NULL DEFAULT 0;
        """,
    ),
    (
        "0009_claim_speaker_record",  # what kind of voice a speaker is, and the page's words for it
        """
        ALTER TABLE claims ADD COLUMN speaker_kind TEXT NOT NULL DEFAULT '';
        ALTER TABLE claims ADD COLUMN speaker_as_written TEXT NOT NULL DEFAULT '';
        """,
    ),
    (
        "0010_event_unassigned",  # undated articles that matched no dated event, kept apart and flagged
        "ALTER TABLE events ADD COLUMN unassigned INTEGER NOT NULL DEFAULT 0",
    ),
    (
        # discrepancies compare claims across a whole event (the two claims need not share a
        # group): each row names its event and the slot it is about, and one claim pair may
        # disagree on several slots of one kind
        "0011_event_discrepancies",
        """
        CREATE TABLE discrepancies_0011 (
            event_id TEXT NOT NULL DEFAULT '',
            group_id TEXT NOT NULL DEFAULT '',
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            kind TEXT NOT NULL,
            slot TEXT NOT NULL DEFAULT '',
            value_a TEXT NOT NULL,
            value_b TEXT NOT NULL,
            PRIMARY KEY (claim_a, claim_b, kind, slot)
        );
        INSERT OR IGNORE INTO discrepancies_0011(event_id, group_id, claim_a, claim_b, kind, slot, value_a, value_b)
            SELECT COALESCE((SELECT g.event_id FROM claim_groups g WHERE g.group_id = d.group_id), ''),
                   d.group_id, d.claim_a, d.claim_b, d.kind, '', d.value_a, d.value_b
            FROM discrepancies d;
        DROP TABLE discrepancies;
        ALTER TABLE discrepancies_0011 RENAME TO discrepancies;
        CREATE INDEX discrepancies_event ON discrepancies(event_id);
        CREATE INDEX discrepancies_group ON discrepancies(group_id);
        """,
    ),
    (
        "0012_event_corrections",  # analysts' merges, splits, moves and renames of events (by article ids)
        """
        CREATE TABLE event_corrections (
            correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
            analyst TEXT NOT NULL REFERENCES annotators(name),
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            article_ids TEXT NOT NULL,
            target_ids TEXT NOT NULL DEFAULT '[]',
            label TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (analyst, created_at, kind)
        );
        """,
    ),
    (
        # an article's claims are extracted after the article is stored: a run stopped in between
        # (Ctrl-C, kill) leaves it marked 0, and the next run extracts them (pipeline)
        "0013_claims_done",
        """
        ALTER TABLE articles ADD COLUMN claims_done INTEGER NOT NULL DEFAULT 0;
        UPDATE articles SET claims_done = 1 WHERE article_id IN (SELECT DISTINCT article_id FROM claims);
        CREATE INDEX articles_claims_pending ON articles(claims_done) WHERE claims_done = 0;
        """,
    ),
    (
        # a talking point is a line that claims carry: each member keeps its own ('' for rows
        # stored before, which read their group's, as they did)
        "0014_member_talking_point",
        """
        ALTER TABLE group_members ADD COLUMN talking_point_id TEXT NOT NULL DEFAULT '';
        CREATE INDEX group_members_talking_point ON group_members(talking_point_id);
        """,
    ),
]
