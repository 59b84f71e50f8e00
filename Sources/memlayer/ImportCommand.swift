import ArgumentParser
import Foundation
import MemLayer

/// `memlayer import FILE`: many memories at once, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import memories from JSON Lines (or a JSON array); all or nothing.",
        discussion: """
            One object per line: {"id": "...", "text": "...", "created_at": "ISO-8601", "importance": 0.5, \
            "metadata": {...}, "embedding": [...]}. Only "text" is required; "id" and "created_at" are kept.

            --conversations FILE: one message per line, {"conversation": "c1", "time": "ISO-8601", \
            "role": "user", "speaker": "Caroline", "text": "...", "id": "D1:3"} ("speaker" and "id" optional), \
            or ChatGPT's conversations.json export. Each message becomes a turn memory dated when it was said.
            """)

    @OptionGroup var options: StoreOptions

    @Argument(help: "The memory file to read ('-' for standard input).")
    var file: String?

    @Option(help: "Import conversations instead: a message-per-line file or ChatGPT's export ('-' for standard input).")
    var conversations: String?

    @Flag(help: "With --conversations: also queue every user message for extraction, at the time it was said.")
    var extract = false

    func validate() throws {
        if file != nil && conversations != nil {
            throw ValidationError("give a memory file or --conversations, not both")
        }
        if file == nil && conversations == nil {
            throw ValidationError("give the file to import, or --conversations FILE")
        }
        if extract && conversations == nil { throw ValidationError("--extract goes with --conversations") }
    }

    func run() async throws {
        if let conversations {
            return try await importConversations(from: try Self.contents(of: conversations))
        }
        let data = try Self.contents(of: file ?? "-")
        let engine = try await options.openEngine()
        let items: [NewMemory]
        do {
            items = try MemoryFileReader.read(
                data, activeEmbedder: await engine.store.embedderID, dimension: await engine.store.dimension)
        } catch {
            await engine.store.close()
            throw error
        }
        let bar = ProgressBar(label: "embedding")
        let stored = try await engine.importMemories(items, userID: options.user) { done, total in
            bar.update(done: done, total: total)
        }
        bar.finish()
        await engine.store.close()
        print("imported \(stored.count) memories for user \(options.user)")
    }

    /// The file's bytes, or standard input's for `-`.
    static func contents(of path: String) throws -> Data {
        do {
            return path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
