import Foundation

/// What another store behind ``MemoryStoring`` (the PostgreSQL store, in its own module) needs
/// from this layer to behave exactly like ``SQLiteMemoryStore``: the same fingerprints, the same
/// task matching, the same entity-mention rules, and ways to build the store's value types.
package enum StoreBackendSupport {
    /// The content hash ``SQLiteMemoryStore`` stores for `text` (dedupe candidates).
    package static func contentHash(_ text: String) -> String { ContentHash.of(text) }

    /// The key two reminders' descriptions are compared by ("Call Dana." is "call  dana").
    package static func taskKey(_ description: String) -> String { TaskDescription.normalise(description) }

    /// The canonical names, sorted, of the entities `names` (canonical name, one spelling) that
    /// `texts` mention as whole words.
    package static func entitiesMentioned(
        in texts: [String], names: [(entity: String, spelling: String)]
    ) -> [String] {
        let mentions = EntityMentions(names)
        var found: Set<String> = []
        for text in texts { found.formUnion(mentions.entities(in: text)) }
        return found.sorted()
    }
}

extension Entity {
    /// An entity as a store read it.
    package init(
        storedID id: Int64, userID: String, name: String, canonicalName: String, type: String, aliases: [String]
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.canonicalName = canonicalName
        self.type = type
        self.aliases = aliases
    }
}

extension ScheduledTask {
    /// A task as a store read it.
    package init(
        storedID id: Int64, userID: String, description: String, dueAt: Date?, status: Status, createdAt: Date
    ) {
        self.id = id
        self.userID = userID
        self.description = description
        self.dueAt = dueAt
        self.status = status
        self.createdAt = createdAt
    }
}

extension ExtractionJob {
    /// A queued job as a store read it.
    package init(storedID id: Int64, userID: String, turn: ConversationTurn, attempts: Int, lastError: String?) {
        self.id = id
        self.userID = userID
        self.turn = turn
        self.attempts = attempts
        self.lastError = lastError
    }
}

extension ImportReport {
    /// A report of `imported` memories and `duplicates` left out.
    package init(written imported: [Memory], duplicates: [ImportDuplicate]) {
        self.imported = imported
        self.duplicates = duplicates
    }
}

extension ImportDuplicate {
    /// Item `index` (asking for `requestedID`) was not written: `existingID` holds its text.
    package init(item index: Int, requestedID: String?, existingID: String) {
        self.index = index
        self.requestedID = requestedID
        self.existingID = existingID
    }
}

extension SearchCandidate {
    /// A candidate for row `rowID` with the retriever's `score`.
    package init(storedRow rowID: Int64, score: Double, importance: Double, createdAt: Date, eventAt: Date?) {
        self.rowID = rowID
        self.score = score
        self.importance = importance
        self.createdAt = createdAt
        self.eventAt = eventAt
    }
}

extension StoreStats {
    /// Counts with no gate decisions; the caller sets those.
    package init(
        counting activeMemories: Int, archivedMemories: Int, memoriesWithoutVector: Int, entities: Int,
        relationships: Int, pendingTasks: Int, queuedExtractionJobs: Int, historyEntries: Int, users: Int,
        embedder: String?, dimension: Int?, sizeBytes: Int64, schemaVersion: Int
    ) {
        self.activeMemories = activeMemories
        self.archivedMemories = archivedMemories
        self.memoriesWithoutVector = memoriesWithoutVector
        self.entities = entities
        self.relationships = relationships
        self.pendingTasks = pendingTasks
        self.queuedExtractionJobs = queuedExtractionJobs
        self.historyEntries = historyEntries
        self.users = users
        self.embedder = embedder
        self.dimension = dimension
        self.fileSizeBytes = sizeBytes
        self.schemaVersion = schemaVersion
    }
}
