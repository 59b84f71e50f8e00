import ArgumentParser
import Foundation
import MemLayer

/// `memlayer export`: every memory of a user, in the format `import` reads.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a user's memories as JSON Lines (round-trips through import).")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Write one JSON array instead of JSON Lines.")
    var json = false

    @Flag(help: "Include each memory's vector and embedder id (import then skips re-embedding).")
    var embeddings = false

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let store = try await options.openExistingStore()
        do {
            try await write(store, to: try OutputSink(path: output))
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Writes every record, then puts the file in place; on any failure nothing is left behind.
    private func write(_ store: any MemoryStoring, to sink: OutputSink) async throws {
        do {
            try await writeRecords(store, to: sink)
            try sink.close()
        } catch {
            sink.discard()
            throw error
        }
    }

    private func writeRecords(_ store: any MemoryStoring, to sink: OutputSink) async throws {
        var first = true
        if json { try sink.write("[\n") }
        var cursor: Int64? = 0
        while let after = cursor {
            let page = try await store.memoryPage(userID: options.user, after: after)
            let sources = try await store.sources(of: page.items.map(\.memory), userID: options.user)
            for (memory, vector) in page.items {
                var kept = embeddings ? vector : nil
                if let stored = kept, !stored.allSatisfy(\.isFinite) {
                    // JSON has no NaN: the memory goes out without it, and import re-embeds it.
                    StandardOutput.error(
                        "note: memory \(memory.id) has a corrupt vector (not finite); exported without it, "
                            + "import embeds its text again\n")
                    kept = nil
                }
                let object = MemoryRecord.object(
                    for: memory, vector: kept, sources: sources[memory.id]?.map(\.turnID) ?? [])
                let line = try JSONOutput.string(object, pretty: false)
                try sink.write(json ? (first ? "" : ",\n") + line : line + "\n")
                first = false
            }
            cursor = page.next
        }
        if json { try sink.write(first ? "]\n" : "\n]\n") }
    }
}
