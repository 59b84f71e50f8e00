import Foundation

extension SQLiteMemoryStore {
    /// The `k` active, unexpired memories of `userID` closest to `vector` by cosine, best first.
    /// Each hit's `score` and `similarity` are both that cosine.
    ///
    /// Runs on the user's in-memory index (loaded from SQLite on first use). If another process
    /// changed this user's vectors since, the index is reloaded first.
    public func search(vector: [Float], userID: String, k: Int, now: Date = Date()) throws -> [SearchHit] {
        try checkVector(vector)
        guard k > 0 else { return [] }
        try refreshIfChangedElsewhere()
        let index = try loadedIndex(userID: userID)
        let db = try db()
        // Expired rows stay in the index until curation deletes them, so ask for a few extra and
        // widen the request if they crowd out live ones.
        var request = k.saturatingAdding(8)
        while true {
            let candidates = try index.search(vector, k: request)
            var hits: [SearchHit] = []
            let fetch = try db.prepare(
                "SELECT \(Self.memoryColumns) FROM memories WHERE id = ? AND user_id = ? AND status = 'active' AND (expires_at IS NULL OR expires_at > ?) AND import_batch IS NULL"
            )
            for candidate in candidates {
                fetch.reset()
                try fetch.bind(.integer(candidate.rowID), .text(userID), .real(now.timeIntervalSince1970))
                if let memory = try fetch.firstRow(Self.memory(from:)) {
                    hits.append(SearchHit(memory: memory, score: candidate.score, similarity: candidate.score))
                    if hits.count == k { return hits }
                }
            }
            if candidates.count < request { return hits }
            request = request.saturatingMultiplied(by: 4)
        }
    }

    /// The user's index: mapped from its index file when that is current (see
    /// `SQLiteMemoryStore+IndexFiles.swift`), else loaded from SQLite through the C loader.
    func loadedIndex(userID: String) throws -> VectorIndex {
        if let entry = indexes[userID] { return entry.index }
        guard let dimension else {
            throw StoreError(.invalidInput, "the store has no embedder yet; call useEmbedder(id:dimension:) first")
        }
        let db = try db()
        let index = try VectorIndex(dimension: dimension)
        let version = try Self.vectorVersion(of: userID, in: db)
        if try openIndexFile(into: index, userID: userID, version: version, in: db) {
            indexes[userID] = (index, version)
            return index
        }
        let statement = try db.prepare(
            """
            SELECT id, embedding FROM memories
            WHERE user_id = ? AND status = 'active' AND embedder = ? AND embedding IS NOT NULL AND import_batch IS NULL
            """
        )
        try statement.bind(.text(userID), .optionalText(embedderID))
        try index.load(from: statement)
        indexes[userID] = (index, version)
        return index
    }

    /// Drops the indexes of users whose vectors another connection changed since we last looked.
    /// `PRAGMA data_version` moves only on other connections' commits, so this costs one pragma
    /// per search when nothing happened.
    func refreshIfChangedElsewhere() throws {
        let db = try db()
        let current = try Self.dataVersion(db)
        guard current != lastDataVersion else { return }
        lastDataVersion = current
        let meta = try Self.readMeta(db)
        if meta["embedder"] != embedderID {
            // Another process re-indexed the store: every loaded vector is from the old embedder.
            embedderID = meta["embedder"]
            dimension = meta["dimension"].flatMap { Int($0) }
            indexes.removeAll()
            return
        }
        for (userID, entry) in indexes where try Self.vectorVersion(of: userID, in: db) != entry.version {
            indexes[userID] = nil
        }
    }
}
