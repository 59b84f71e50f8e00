/// The store's tables, created and upgraded through `PRAGMA user_version`.
///
/// Each entry of ``migrations`` moves the schema one version forward and runs in one
/// transaction; a file whose version is newer than the code knows is refused rather than
/// guessed at.
enum StoreSchema {
    /// Migration `i` upgrades a file from version `i` to `i + 1`.
    static let migrations: [String] = [
        version1, version2, version3, version4, version5, version6, version7, version8, version9, version10,
    ]

    static var currentVersion: Int { migrations.count }

    /// Version 1: memories with embeddings and full-text search, the knowledge graph, tasks,
    /// the extraction queue, the audit history and store metadata. Every table carries
    /// `user_id`; timestamps are Unix seconds (REAL).
    static let version1 = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE memories (
            id               INTEGER PRIMARY KEY,
            external_id      TEXT NOT NULL,
            user_id          TEXT NOT NULL,
            text             TEXT NOT NULL,
            kind             TEXT NOT NULL DEFAULT 'fact' CHECK (kind IN ('fact', 'turn', 'document')),
            importance       REAL NOT NULL DEFAULT 0.5 CHECK (importance BETWEEN 0 AND 1),
            created_at       REAL NOT NULL,
            updated_at       REAL NOT NULL,
            expires_at       REAL,
            last_accessed_at REAL,
            access_count     INTEGER NOT NULL DEFAULT 0,
            status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
            source           TEXT,
            content_hash     TEXT NOT NULL,
            metadata         TEXT,
            embedding        BLOB,
            embedder         TEXT,
            UNIQUE (user_id, external_id)
        ) STRICT;
        CREATE INDEX memories_by_user ON memories (user_id, status);
        CREATE INDEX memories_by_hash ON memories (user_id, content_hash);

        CREATE VIRTUAL TABLE memories_fts USING fts5 (
            text, content = 'memories', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
        );

        -- Bumped on every change that affects a user's vectors, so a process can tell which
        -- users' in-memory matrices another process made stale.
        CREATE TABLE vector_versions (
            user_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL
        ) STRICT;

        CREATE TRIGGER memories_after_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts (rowid, text) VALUES (new.id, new.text);
            INSERT INTO vector_versions (user_id, version) VALUES (new.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER memories_after_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO vector_versions (user_id, version) VALUES (old.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER memories_after_text_update AFTER UPDATE OF text ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO memories_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER memories_after_vector_update AFTER UPDATE OF embedding, embedder, status, user_id ON memories
        BEGIN
            INSERT INTO vector_versions (user_id, version) VALUES (new.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
        END;

        CREATE TABLE entities (
            id             INTEGER PRIMARY KEY,
            user_id        TEXT NOT NULL,
            name           TEXT NOT NULL,
            canonical_name TEXT NOT NULL,
            type           TEXT NOT NULL DEFAULT 'thing',
            aliases        TEXT NOT NULL DEFAULT '[]',
            created_at     REAL NOT NULL,
            updated_at     REAL NOT NULL,
            UNIQUE (user_id, canonical_name, type)
        ) STRICT;

        CREATE TABLE relationships (
            id          INTEGER PRIMARY KEY,
            user_id     TEXT NOT NULL,
            subject_id  INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            predicate   TEXT NOT NULL,
            object_id   INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
            memory_id   INTEGER REFERENCES memories (id) ON DELETE SET NULL,
            valid_from  REAL,
            valid_to    REAL,
            created_at  REAL NOT NULL
        ) STRICT;
        CREATE INDEX relationships_by_subject ON relationships (user_id, subject_id);
        CREATE INDEX relationships_by_object ON relationships (user_id, object_id);
        CREATE INDEX relationships_by_memory ON relationships (memory_id);

        CREATE TABLE tasks (
            id          INTEGER PRIMARY KEY,
            user_id     TEXT NOT NULL,
            description TEXT NOT NULL,
            due_at      REAL,
            status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'notified', 'done')),
            created_at  REAL NOT NULL,
            updated_at  REAL NOT NULL
        ) STRICT;
        CREATE INDEX tasks_by_user_due ON tasks (user_id, status, due_at);

        CREATE TABLE extraction_jobs (
            id         INTEGER PRIMARY KEY,
            user_id    TEXT NOT NULL,
            payload    TEXT NOT NULL,
            created_at REAL NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        ) STRICT;
        CREATE INDEX extraction_jobs_by_age ON extraction_jobs (created_at, id);

        -- Vectors made by `memlayer reindex` for the embedder it is switching to. Searches keep
        -- using memories.embedding until the switch, which moves these over in one transaction;
        -- rows already here are not re-embedded when an interrupted reindex resumes.
        CREATE TABLE reindex_vectors (
            memory_id INTEGER PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
            embedder  TEXT NOT NULL,
            embedding BLOB NOT NULL
        ) STRICT;

        CREATE TABLE history (
            id          INTEGER PRIMARY KEY,
            user_id     TEXT NOT NULL,
            memory_id   TEXT,
            action      TEXT NOT NULL CHECK (action IN ('add', 'update', 'archive', 'delete')),
            text        TEXT,
            reason      TEXT NOT NULL,
            at          REAL NOT NULL
        ) STRICT;
        CREATE INDEX history_by_user ON history (user_id, at);
        """

    /// Version 2: where each graph edge came from (an edge stated by several memories survives
    /// until the last of them is gone), one edge per (subject, predicate, object), and the
    /// salience gate's cached prototype vectors.
    static let version2 = """
        CREATE TABLE relationship_sources (
            relationship_id INTEGER NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
            memory_id       INTEGER NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
            PRIMARY KEY (relationship_id, memory_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX relationship_sources_by_memory ON relationship_sources (memory_id);
        CREATE UNIQUE INDEX relationships_unique ON relationships (user_id, subject_id, predicate, object_id);

        CREATE TABLE prototype_vectors (
            embedder  TEXT NOT NULL,
            set_hash  TEXT NOT NULL,
            label     TEXT NOT NULL CHECK (label IN ('salient', 'non_salient')),
            position  INTEGER NOT NULL,
            embedding BLOB NOT NULL,
            PRIMARY KEY (embedder, set_hash, label, position)
        ) STRICT;
        """

    /// Version 3: the full-text index stems English words (Porter), so "running" finds "runs"
    /// and "allergies" finds "allergy". Measured on the retrieval sets (RetrievalEvaluationTests):
    /// lightweight mode's answers in the top 5 went from 0.725 to 0.825 (first set) and 0.667 to
    /// 0.700 (held-out); with MiniLM, hit@1 0.800 to 0.850 and 0.867 unchanged. The index is
    /// rebuilt from the memories table; the triggers keep writing to the table of the same name.
    static let version3 = """
        DROP TABLE memories_fts;
        CREATE VIRTUAL TABLE memories_fts USING fts5 (
            text, content = 'memories', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO memories_fts (memories_fts) VALUES ('rebuild');
        """

    /// Version 4: the full-text index also indexes `user_id`, so a keyword search intersects the
    /// user's rows inside FTS5 instead of scoring every user's matches and filtering afterwards
    /// (a search for one of ten users with 5,000 memories each took 3.6 times as long as in a
    /// store holding that user alone). Its bm25 weight is 0: scores are the text column's.
    static let version4 = """
        DROP TRIGGER memories_after_insert;
        DROP TRIGGER memories_after_delete;
        DROP TRIGGER memories_after_text_update;
        DROP TABLE memories_fts;
        CREATE VIRTUAL TABLE memories_fts USING fts5 (
            text, user_id, content = 'memories', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO memories_fts (memories_fts) VALUES ('rebuild');

        CREATE TRIGGER memories_after_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts (rowid, text, user_id) VALUES (new.id, new.text, new.user_id);
            INSERT INTO vector_versions (user_id, version) VALUES (new.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER memories_after_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text, user_id) VALUES ('delete', old.id, old.text, old.user_id);
            INSERT INTO vector_versions (user_id, version) VALUES (old.user_id, 1)
                ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER memories_after_text_update AFTER UPDATE OF text, user_id ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text, user_id) VALUES ('delete', old.id, old.text, old.user_id);
            INSERT INTO memories_fts (rowid, text, user_id) VALUES (new.id, new.text, new.user_id);
        END;
        """

    /// Version 5: a vector staged by a re-index is dropped when its memory's text changes, so the
    /// switch never writes back the vector of a text the memory no longer has (issue 15: a memory
    /// replaced by id during a reindex kept its old text's vector). The re-index then embeds the
    /// row again before it can switch. Only the text matters: the staged vector is made from it,
    /// whatever vector of the current embedder the row is given meanwhile. Rows staged before this
    /// version cannot be checked, so they are dropped; an interrupted re-index embeds them again.
    static let version5 = """
        CREATE TRIGGER memories_unstage_changed_text AFTER UPDATE OF text ON memories
        WHEN old.text IS NOT new.text
        BEGIN
            DELETE FROM reindex_vectors WHERE memory_id = new.id;
        END;
        DELETE FROM reindex_vectors;
        """

    /// Version 8: imports are staged. A long import writes its new rows in short transactions
    /// with `import_batch` set, which every read leaves out, then makes them visible in one short
    /// transaction that clears it (issue 15: a 10,000-row import held the write lock for 334 ms
    /// at a time, and 32 s before). `import_batches` names the process staging each batch, so
    /// the rows of a killed import are found and deleted (its process is gone on this host, or it
    /// stopped renewing its claim). The partial index holds staged rows only: it costs nothing
    /// for the others.
    static let version8 = """
        ALTER TABLE memories ADD COLUMN import_batch INTEGER;
        CREATE INDEX memories_staged ON memories (import_batch) WHERE import_batch IS NOT NULL;
        CREATE TABLE import_batches (
            id         INTEGER PRIMARY KEY,
            user_id    TEXT NOT NULL,
            host       TEXT NOT NULL,
            process_id INTEGER NOT NULL,
            started_at REAL NOT NULL,
            renewed_at REAL NOT NULL
        ) STRICT;
        """
}
