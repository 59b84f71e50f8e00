import Foundation

extension SQLiteMemoryStore {
    /// Adds memories for `userID`: either all land or none do.
    ///
    /// A memory whose `id` already exists for the user replaces it (so importing an export again
    /// is idempotent); one whose text matches an active memory of the user (same normalised text)
    /// refreshes that memory instead of adding a copy. Vectors must come from the store's
    /// embedder (see ``useEmbedder(id:dimension:)``). Every change is written to `history`.
    ///
    /// A large import never holds the write lock for long: its new rows are written in short
    /// transactions, unseen by any read, and made visible together in one short transaction (see
    /// `writeAllOrNothing`).
    /// - Returns: the stored memories, in input order.
    @discardableResult
    public func insert(_ items: [NewMemory], userID: String, now: Date = Date()) async throws -> [Memory] {
        try Self.validate(userID: userID)
        try check(items)
        // Hashes and vector blobs are made before the write lock is taken: other writers wait
        // only for the SQLite work.
        let prepared = items.map(PreparedMemory.init)
        let rowIDs = try await writeAllOrNothing(prepared, userID: userID, now: now, mergingSameText: true) {
            db, rowIDs in
            // After every write, so a fact may come before the turns it names (any file order).
            for (item, rowID) in zip(items, rowIDs) where !item.sourceTurnIDs.isEmpty {
                try Self.link(factRowID: rowID, toTurns: item.sourceTurnIDs, userID: userID, in: db)
            }
        }
        let db = try db()
        return try rowIDs.map { try memory(rowID: $0, in: db) }
    }

    // MARK: - Internals

    /// Refuses a batch holding an empty text, an importance outside 0…1 or a vector that does
    /// not fit the store, before anything is written.
    func check(_ items: [NewMemory]) throws {
        for item in items {
            guard !item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "a memory's text cannot be empty")
            }
            guard (0...1).contains(item.importance) else {
                throw StoreError(.invalidInput, "importance must be between 0 and 1, got \(item.importance)")
            }
            if let vector = item.embedding { try checkVector(vector) }
        }
    }

    /// Writes one memory (insert, replace by id, or refresh a duplicate); returns its rowid and
    /// what the index must do to match. With `mergingSameText` false the same text is a new
    /// memory: imported messages are separate moments even when their words repeat ("Thanks!").
    func write(_ item: NewMemory, userID: String, now: Date, mergingSameText: Bool = true, in db: SQLiteConnection)
        throws -> (Int64, IndexChange)
    {
        try write(PreparedMemory(item), userID: userID, now: now, mergingSameText: mergingSameText, in: db)
    }

    /// ``write(_:userID:now:mergingSameText:in:)`` with the hash and blob already made.
    func write(
        _ prepared: PreparedMemory, userID: String, now: Date, mergingSameText: Bool = true, in db: SQLiteConnection
    ) throws -> (Int64, IndexChange) {
        let item = prepared.item
        let hash = prepared.hash
        let blob = prepared.blob
        let embedder: SQLiteValue = item.embedding == nil ? .null : .optionalText(embedderID)

        if let externalID = item.id,
            let existing = try db.prepare(
                "SELECT id, import_batch IS NOT NULL FROM memories WHERE user_id = ? AND external_id = ?"
            ).bind(.text(userID), .text(externalID)).firstRow({ ($0.int64(0), $0.int64(1) != 0) })
        {
            // A row another import is staging is not this write's to change.
            guard !existing.1 else { throw Self.heldByAnotherImport(externalID) }
            let existing = existing.0
            try db.prepare(
                """
                UPDATE memories SET text = ?, kind = ?, importance = ?, created_at = coalesce(?, created_at),
                    updated_at = ?,
                    expires_at = ?, source = ?, content_hash = ?, metadata = ?, embedding = ?, embedder = ?,
                    status = 'active', event_at = ?
                WHERE id = ?
                """
            ).bind(
                .text(item.text), .text(item.kind.rawValue), .real(item.importance),
                .optionalReal(item.createdAt?.timeIntervalSince1970),
                .real(now.timeIntervalSince1970), .optionalReal(item.expiresAt?.timeIntervalSince1970),
                .optionalText(item.source), .text(hash), .optionalText(item.metadataJSON),
                blob.map { .blob($0) } ?? .null, embedder, .optionalReal(item.eventAt?.timeIntervalSince1970),
                .integer(existing)
            ).run()
            try Self.recordHistory(
                userID: userID, memoryID: externalID, action: "update", text: item.text, reason: "replaced by id",
                in: db)
            return (existing, IndexChange(rowID: existing, vector: item.embedding))
        }

        if mergingSameText, let duplicate = try activeMemory(withTextOf: prepared, userID: userID, in: db) {
            try db.prepare("UPDATE memories SET updated_at = ?, importance = max(importance, ?) WHERE id = ?")
                .bind(.real(now.timeIntervalSince1970), .real(item.importance), .integer(duplicate.0)).run()
            try Self.recordHistory(
                userID: userID, memoryID: duplicate.1, action: "update", text: item.text,
                reason: "same text remembered again", in: db)
            // The stored vector (if any) stays; a duplicate without one takes the new vector.
            if !duplicate.3, let vector = item.embedding, let blob {
                try db.prepare("UPDATE memories SET embedding = ?, embedder = ? WHERE id = ?")
                    .bind(.blob(blob), embedder, .integer(duplicate.0)).run()
                return (duplicate.0, .upsert(duplicate.0, vector))
            }
            return (duplicate.0, .none)
        }

        let externalID = item.id ?? UUID().uuidString.lowercased()
        let rowID = try insertRow(prepared, externalID: externalID, userID: userID, now: now, batch: nil, in: db)
        try Self.recordHistory(
            userID: userID, memoryID: externalID, action: "add", text: item.text, reason: item.source ?? "added", in: db
        )
        return (rowID, item.embedding.map { .upsert(rowID, $0) } ?? .none)
    }

    /// The active memory of `userID` whose text is `prepared`'s (up to ``ContentHash``'s
    /// normalisation): its rowid, id, text and whether it has a vector.
    func activeMemory(withTextOf prepared: PreparedMemory, userID: String, in db: SQLiteConnection) throws
        -> (Int64, String, String, Bool)?
    {
        let found = try db.prepare(Self.activeByHashSQL).bind(.text(userID), .text(prepared.hash)).firstRow {
            ($0.int64(0), $0.text(1), $0.text(2), $0.int64(3) != 0)
        }
        guard let found, ContentHash.normalise(found.2) == ContentHash.normalise(prepared.item.text) else { return nil }
        return found
    }

    /// Inserts a new memory row (staged as part of `batch` when one is given) and returns its rowid.
    func insertRow(
        _ prepared: PreparedMemory, externalID: String, userID: String, now: Date, batch: Int64?,
        in db: SQLiteConnection
    ) throws -> Int64 {
        let item = prepared.item
        try db.prepare(
            """
            INSERT INTO memories (external_id, user_id, text, kind, importance, created_at, updated_at, expires_at,
                source, content_hash, metadata, embedding, embedder, import_batch, event_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind(
            .text(externalID), .text(userID), .text(item.text), .text(item.kind.rawValue), .real(item.importance),
            .real((item.createdAt ?? now).timeIntervalSince1970), .real(now.timeIntervalSince1970),
            .optionalReal(item.expiresAt?.timeIntervalSince1970), .optionalText(item.source), .text(prepared.hash),
            .optionalText(item.metadataJSON), prepared.blob.map { .blob($0) } ?? .null,
            item.embedding == nil ? .null : .optionalText(embedderID), batch.map { .integer($0) } ?? .null,
            .optionalReal(item.eventAt?.timeIntervalSince1970)
        ).run()
        return db.lastInsertRowID
    }

    /// An active memory of a user with a content hash: looked up for every memory written.
    ///
    /// INDEXED BY: with the statistics `PRAGMA optimize` recorded at close while the table held a
    /// row or two, SQLite planned a full scan here, once per row written, so a 10,000-row import
    /// into such a store grew quadratically (32 s). The hash index is right at any size.
    static let activeByHashSQL = """
        SELECT id, external_id, text, embedding IS NOT NULL FROM memories INDEXED BY memories_by_hash
        WHERE user_id = ? AND content_hash = ? AND status = 'active' AND import_batch IS NULL
        """

    /// Brings a loaded index in step with a committed write.
    func applyToIndex(userID: String, changes: [IndexChange], version: Int64) {
        guard let entry = indexes[userID] else { return }
        do {
            for change in changes {
                switch change {
                case .upsert(let rowID, let vector): try entry.index.upsert(rowID: rowID, vector: vector)
                case .remove(let rowID): entry.index.remove(rowID: rowID)
                case .none: break
                }
            }
            indexes[userID] = (entry.index, version)
        } catch {
            indexes[userID] = nil  // reload from SQLite on the next search rather than serve a wrong index
        }
    }

    func checkVector(_ vector: [Float]) throws {
        guard let dimension else {
            throw StoreError(.invalidInput, "the store has no embedder yet; call useEmbedder(id:dimension:) first")
        }
        guard vector.count == dimension else {
            throw StoreError(
                .dimensionMismatch,
                "a \(vector.count)-dimensional vector does not fit this store's \(embedderID ?? "") "
                    + "(\(dimension) dimensions); run `memlayer reindex` if the embedder changed")
        }
    }

    static func validate(userID: String) throws {
        guard !userID.isEmpty else { throw StoreError(.invalidInput, "the user id cannot be empty") }
    }

    static func vectorVersion(of userID: String, in db: SQLiteConnection) throws -> Int64 {
        try db.prepare("SELECT version FROM vector_versions WHERE user_id = ?").bind(.text(userID))
            .firstRow { $0.int64(0) } ?? 0
    }

    static func recordHistory(
        userID: String, memoryID: String?, action: String, text: String?, reason: String, in db: SQLiteConnection
    ) throws {
        try db.prepare("INSERT INTO history (user_id, memory_id, action, text, reason, at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(
                .text(userID), .optionalText(memoryID), .text(action), .optionalText(text), .text(reason),
                .real(Date().timeIntervalSince1970)
            ).run()
    }
}

/// What a committed write means for a user's in-memory vector index.
enum IndexChange {
    case upsert(Int64, [Float])
    case remove(Int64)
    case none

    /// Upsert when the row has a vector now, remove when it has none.
    init(rowID: Int64, vector: [Float]?) {
        self = vector.map { .upsert(rowID, $0) } ?? .remove(rowID)
    }
}

/// A memory with what writing it needs that SQLite does not: made before the write lock is taken.
struct PreparedMemory {
    let item: NewMemory
    /// ``ContentHash`` of the text.
    let hash: String
    /// The vector as stored, if the memory has one.
    let blob: Data?

    init(_ item: NewMemory) {
        self.item = item
        hash = ContentHash.of(item.text)
        blob = item.embedding.map(EmbeddingBlob.encode)
    }
}
