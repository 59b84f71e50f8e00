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
        let store = try options.openStore()
        let sink = try OutputSink(path: output)
        var first = true
        if json { sink.write("[\n") }
        var cursor: Int64? = 0
        while let after = cursor {
            let page = try await store.memoryPage(userID: options.user, after: after)
            for (memory, vector) in page.items {
                let object = MemoryRecord.object(for: memory, vector: embeddings ? vector : nil)
                let line = try JSONOutput.string(object, pretty: false)
                sink.write(json ? (first ? "" : ",\n") + line : line + "\n")
                first = false
            }
            cursor = page.next
        }
        if json { sink.write(first ? "]\n" : "\n]\n") }
        try sink.close()
        await store.close()
    }
}

/// Standard output, or a file written whole (via a temporary name) so a failed export never
/// leaves a half file behind.
final class OutputSink {
    private let handle: FileHandle
    private let path: String?
    private let temporaryPath: String?

    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporaryPath = nil
            return
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw ValidationError("cannot write \(path)") }
        self.handle = handle
        self.temporaryPath = temporary
    }

    func write(_ text: String) { handle.write(Data(text.utf8)) }

    func close() throws {
        guard let path, let temporaryPath else { return }
        try handle.close()
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
    }
}
