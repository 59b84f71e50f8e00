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
            "metadata": {...}, "embedding": [...]}. Only "text" is required; "id" and "created_at" are kept. \
            A line whose "id" the user already has replaces that memory (keeping its created_at when the line \
            gives none). A line whose text the user already has (or an earlier line has) is not written: it is \
            reported as a duplicate, and the memory holding the text keeps its id and dates.

            --conversations FILE: one message per line, {"conversation": "c1", "time": "ISO-8601", \
            "role": "user", "speaker": "Caroline", "text": "...", "id": "D1:3"} ("speaker" and "id" optional), \
            or ChatGPT's conversations.json export. Each message becomes a turn memory dated when it was said.
            """)

    @OptionGroup var options: StoreOptions

    @Argument(help: "The memory file to read ('-', or left out with piped input: standard input).")
    var file: String?

    @Option(help: "Import conversations instead: a message-per-line file or ChatGPT's export ('-' for standard input).")
    var conversations: String?

    @Flag(help: "With --conversations: also queue every user message for extraction, at the time it was said.")
    var extract = false

    @Flag(
        help: """
            Print one JSON object {user, imported, ids, duplicates: [{line, id, existing_id}], conversations, \
            queued_for_extraction}.
            """)
    var json = false

    func validate() throws {
        if file != nil && conversations != nil {
            throw ValidationError("give a memory file or --conversations, not both")
        }
        if file == nil && conversations == nil && !TextInput.readsStandardInput(nil) {
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
        let report: ImportReport
        do {
            report = try await engine.importRecords(items, userID: options.user) { done, total in
                bar.update(done: done, total: total)
            }
        } catch {
            bar.finish()
            await engine.store.close()
            throw error
        }
        bar.finish()
        await engine.store.close()
        try printSummary(report, lines: MemoryFileReader.lineNumbers(of: data))
    }

    /// `imported 3 memories for user alice`, then a line per duplicate left out; or the JSON object.
    private func printSummary(_ report: ImportReport, lines: [Int]) throws {
        let line: (ImportDuplicate) -> Int = { lines.indices.contains($0.index) ? lines[$0.index] : $0.index + 1 }
        if json {
            let object: [String: Any] = [
                "user": options.user, "imported": report.imported.count, "ids": report.imported.map(\.id),
                "duplicates": report.duplicates.map { duplicate in
                    [
                        "line": line(duplicate), "id": duplicate.requestedID ?? NSNull(),
                        "existing_id": duplicate.existingID,
                    ] as [String: Any]
                },
                "conversations": NSNull(), "queued_for_extraction": 0,
            ]
            return try StandardOutput.line(try JSONOutput.string(object))
        }
        var summary = "imported \(report.imported.count) memories for user \(options.user)"
        if !report.duplicates.isEmpty {
            summary += "; \(report.duplicates.count) left out as duplicates (the text is already stored)"
        }
        try StandardOutput.line(summary)
        for duplicate in report.duplicates {
            let named = duplicate.requestedID.map { " (id \($0))" } ?? ""
            try StandardOutput.line(
                "duplicate: line \(line(duplicate))\(named) has the text of \(duplicate.existingID)")
        }
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
