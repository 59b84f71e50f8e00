import ArgumentParser
import Foundation
import MemLayer
import MemLayerPostgres

/// `memlayer stats`: what the store holds.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts, embedder, dimension and file size.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Count every user's memories, not just --user's.")
    var allUsers = false

    @Flag(help: "Print one JSON object {active_memories, archived_memories, embedder, dimension, ...}.")
    var json = false

    func run() async throws {
        let store = try await options.openExistingStore()
        let stats = try await store.stats(userID: allUsers ? nil : options.user)
        let corrupt = try await store.corruptEmbeddingIDs(userID: options.user)
        await store.close()
        if json {
            return try StandardOutput.line(try JSONOutput.string(jsonObject(stats, corrupt: corrupt)))
        }
        let scope = allUsers ? "all users" : "user \(options.user)"
        var lines: [String] = []
        lines.append("store:            \(options.storeDescription)")
        lines.append("memories (\(scope)): \(stats.activeMemories) active, \(stats.archivedMemories) archived")
        lines.append("without a vector: \(stats.memoriesWithoutVector)")
        if !corrupt.isEmpty {
            lines.append("corrupt vectors:  \(corrupt.count) (\(corrupt.prefix(10).joined(separator: ", ")))")
        }
        lines.append("entities:         \(stats.entities), relationships: \(stats.relationships)")
        lines.append("tasks pending:    \(stats.pendingTasks), extraction queue: \(stats.queuedExtractionJobs)")
        lines.append(
            "salience gate:    \(stats.gateSentToExtraction) turns sent to extraction, \(stats.gateSkipped) skipped"
                + Self.reasons(stats.gateSkippedByReason))
        lines.append("history entries:  \(stats.historyEntries)")
        lines.append("users:            \(stats.users)")
        let dimensions = stats.dimension.map(String.init) ?? "-"
        lines.append("embedder:         \(stats.embedder ?? "none") (\(dimensions) dimensions)")
        let size = ByteCountFormatter.string(fromByteCount: stats.fileSizeBytes, countStyle: .file)
        lines.append(options.postgresURL == nil ? "file size:        \(size)" : "database size:    \(size)")
        lines.append("vector search:    \(vectorSearch)")
        try StandardOutput.line(lines.joined(separator: "\n"))
    }
}

extension StatsCommand {
    /// The snake_case object `stats --json` prints; `user` is null with `--all-users`.
    func jsonObject(_ stats: StoreStats, corrupt: [String]) -> [String: Any] {
        [
            "store": options.storeDescription,
            "user": allUsers ? NSNull() : options.user,
            "active_memories": stats.activeMemories,
            "archived_memories": stats.archivedMemories,
            "memories_without_vector": stats.memoriesWithoutVector,
            "corrupt_vectors": corrupt,
            "entities": stats.entities,
            "relationships": stats.relationships,
            "pending_tasks": stats.pendingTasks,
            "queued_extraction_jobs": stats.queuedExtractionJobs,
            "gate_sent_to_extraction": stats.gateSentToExtraction,
            "gate_skipped": stats.gateSkipped,
            "gate_skipped_by_reason": stats.gateSkippedByReason,
            "history_entries": stats.historyEntries,
            "users": stats.users,
            "embedder": stats.embedder ?? NSNull(),
            "dimension": stats.dimension ?? NSNull(),
            "file_size_bytes": stats.fileSizeBytes,
            "schema_version": stats.schemaVersion,
            "vector_search": vectorSearch,
        ]
    }

    /// How this store searches vectors: the C kernel's path on SQLite, pgvector on PostgreSQL.
    var vectorSearch: String {
        guard options.postgresURL != nil else { return VectorSearchPath.summary }
        switch (try? options.vectorSearch) ?? .exact {
        case .exact: return "pgvector, exact cosine over the user's rows"
        case .hnsw(let efSearch): return "pgvector, HNSW index (cosine, ef_search \(efSearch), iterative scans)"
        }
    }

    /// ` (small talk 3, empty or symbols only 1)`, most frequent first; empty when none.
    static func reasons(_ counts: [String: Int]) -> String {
        guard !counts.isEmpty else { return "" }
        let sorted = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        return " (" + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }
}

extension StoreLocation {
    var displayPath: String {
        switch self {
        case .file(let path): path
        case .inMemory: "(in memory)"
        }
    }
}
