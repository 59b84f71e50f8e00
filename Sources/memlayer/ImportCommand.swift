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
            """)

    @OptionGroup var options: StoreOptions

    @Argument(help: "The file to read ('-' for standard input).")
    var file: String

    func run() async throws {
        let data: Data
        do {
            data =
                file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
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
}
