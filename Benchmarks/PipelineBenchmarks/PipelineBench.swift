import Foundation
import MemLayer

/// `memlayer-bench-pipeline`: the built-in embedder against its Python peer, and the chat path
/// (time to first token, the search_memory round), measured in one run. Prints a Markdown table.
@main
struct PipelineBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        func value(_ name: String) -> String? {
            arguments.firstIndex(of: name).flatMap {
                arguments.index(after: $0) < arguments.endIndex ? arguments[$0 + 1] : nil
            }
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let models =
            ProcessInfo.processInfo.environment["MEMLAYER_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent("models")
        let modelDirectory = models.appendingPathComponent("cache/all-MiniLM-L6-v2")
        let memories = Int(value("--memories") ?? "") ?? 10_000

        var lines = [
            "# MemLayer pipeline benchmark", "",
            "CPU threads used by the encoder: 1; OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "(unset)")",
            "",
        ]
        let scale = try ScaleSearchBench(
            embedder: MiniLMEmbedder(directory: modelDirectory), messages: devMessages(root), facts: 10_000,
            turns: 50_000)
        // --scale-only: just the search_memory round over 10k facts + 50k turns (a minute, no peers).
        if arguments.contains("--scale-only") {
            lines += try await scale.run()
            print(lines.joined(separator: "\n"))
            return
        }
        let embedder = EmbedderBench(
            modelDirectory: modelDirectory, peerPython: value("--python"),
            idsFile: root.appendingPathComponent("Benchmarks/peers/minilm_peer_ids.json"),
            peerScript: root.appendingPathComponent("Benchmarks/peers/minilm_peer.py"))
        lines += try await embedder.run()
        lines.append("")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "memlayer-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("bench.sqlite").path))
        let minilm = try MiniLMEmbedder(directory: modelDirectory)
        let engine = try await MemoryEngine(store: store, embedder: minilm)
        FileHandle.standardError.write(Data("embedding \(memories) memories...\n".utf8))
        try await engine.importMemories(KeywordScaleBench.notes(memories), userID: "bench")
        lines += try await ChatBench(engine: engine, memories: memories).run()
        await store.close()
        lines.append("")
        let questions = [
            "where does my sister live", "who is allergic to peanuts", "what did Dana buy", "jazz",
            "the quarterly report at Acme", "does grandma like green tea", "a trip to Porto", "my dentist",
        ]
        lines += try RealVectorBench(
            databasePath: folder.appendingPathComponent("bench.sqlite").path,
            queries: try await minilm.embed(questions)
        ).run()
        lines.append("")
        lines += try await KeywordScaleBench().run()
        lines.append("")
        lines += try await scale.run()
        print(lines.joined(separator: "\n"))
    }

    /// The development set's messages as `Speaker: words`.
    static func devMessages(_ root: URL) throws -> [String] {
        let file = root.appendingPathComponent("Benchmarks/retrieval/dev/conversations.jsonl")
        return try ConversationFileReader.read(Data(contentsOf: file)).map { "\($0.speakerLabel): \($0.text)" }
    }
}
