import ArgumentParser
import Foundation
import MemLayer

/// `memlayer stats`: what the store holds.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts, embedder, dimension and file size.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Count every user's memories, not just --user's.")
    var allUsers = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let store = try options.openStore()
        let stats = try await store.stats(userID: allUsers ? nil : options.user)
        let corrupt = try await store.corruptEmbeddingIDs(userID: options.user)
        await store.close()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
            return
        }
        let scope = allUsers ? "all users" : "user \(options.user)"
        print("store:            \(options.location.displayPath)")
        print("memories (\(scope)): \(stats.activeMemories) active, \(stats.archivedMemories) archived")
        print("without a vector: \(stats.memoriesWithoutVector)")
        if !corrupt.isEmpty {
            print("corrupt vectors:  \(corrupt.count) (\(corrupt.prefix(10).joined(separator: ", ")))")
        }
        print("entities:         \(stats.entities), relationships: \(stats.relationships)")
        print("tasks pending:    \(stats.pendingTasks), extraction queue: \(stats.queuedExtractionJobs)")
        print("history entries:  \(stats.historyEntries)")
        print("users:            \(stats.users)")
        print("embedder:         \(stats.embedder ?? "none") (\(stats.dimension.map(String.init) ?? "-") dimensions)")
        print("file size:        \(ByteCountFormatter.string(fromByteCount: stats.fileSizeBytes, countStyle: .file))")
        print("vector search:    \(VectorSearchPath.summary)")
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
