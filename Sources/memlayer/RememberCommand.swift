import ArgumentParser
import Foundation
import MemLayer

/// `memlayer remember TEXT`: stores what the user wants remembered — distilled by the chat model
/// into facts, entities and relationships, or with `--raw` as written.
struct RememberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remember", abstract: "Store one memory: extracted by the model, or as written with --raw.",
        discussion: """
            The model (--provider, --model, --base-url) turns the text into facts, entities and relationships, \
            refreshing facts you already have instead of copying them. When the model cannot be used (not running, \
            no API key, model not pulled) the text is stored as written, with a note on standard error, so \
            remember always works offline.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Argument(help: "The text to remember ('-' or left out with piped input: read from standard input).")
    var text: String?

    @Option(help: "How much it matters, 0 to 1 (default: the model judges; 0.5 when stored as written).")
    var importance: Double?

    @Flag(help: "Store the text as written, without a model.")
    var raw = false

    @Flag(help: "Print one JSON object {user, memories: [{action, id, text, ...}], model_unavailable}.")
    var json = false

    mutating func validate() throws {
        let resolved = try TextInput.resolve(text, what: "the text to remember")
        guard !resolved.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the text to remember is empty")
        }
        text = resolved
        if let importance, !(0...1).contains(importance) { throw ValidationError("--importance must be from 0 to 1") }
    }

    func run() async throws {
        let text = self.text ?? ""
        let engine = try await options.openEngine()
        if raw {
            let memory: Memory
            do {
                memory = try await engine.remember(
                    text, userID: options.user, importance: importance ?? 0.5, source: "cli")
            } catch {
                await engine.store.close()
                throw error
            }
            await engine.store.close()
            try report([("stored_as_written", memory)], unavailable: nil)
            return
        }
        let job = try await engine.enqueueNote(text, userID: options.user, importance: importance, source: "cli")
        let run = try await ExtractionRun.extract(
            jobIDs: [job], engine: engine, providerOptions: providerOptions, keepingOffline: true)
        let memories = try await engine.store.memories(userID: options.user)
        await engine.store.close()
        let byID = Dictionary(memories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var written: [(String, Memory)] = []
        for report in run.reports {
            switch report.outcome {
            case .extracted(let summary):
                written += summary.addedFactIDs.compactMap { byID[$0].map { ("added", $0) } }
                written += summary.updatedFactIDs.compactMap { byID[$0].map { ("updated", $0) } }
            case .keptAsWritten(let id, _):
                written += byID[id].map { [("stored_as_written", $0)] } ?? []
            default: break
            }
        }
        written += run.kept.map { ("stored_as_written", $0) }
        if json {
            try report(written, unavailable: run.unavailable)
            return
        }
        for line in ExtractionNotice.lines(for: run.reports, memories: { byID[$0]?.text }) {
            try StandardOutput.line(line)
        }
        for memory in run.kept { try StandardOutput.line("remembered \(memory.id)") }
        if let reason = run.unavailable {
            StandardOutput.error("note: stored as written; the model was unavailable: \(reason)\n")
        }
    }

    /// One line per memory written (`remembered ID: TEXT`), or the JSON object; a note on
    /// standard error when the model was unavailable.
    private func report(_ written: [(action: String, memory: Memory)], unavailable: String?) throws {
        if json {
            let object: [String: Any] = [
                "user": options.user,
                "memories": written.map { entry in
                    var object = MemoryRecord.object(for: entry.memory, vector: nil)
                    object["action"] = entry.action
                    return object
                },
                "model_unavailable": unavailable ?? NSNull(),
            ]
            try StandardOutput.line(try JSONOutput.string(object))
        } else {
            for (_, memory) in written { try StandardOutput.line("remembered \(memory.id)") }
        }
        if let unavailable {
            StandardOutput.error("note: stored as written; the model was unavailable: \(unavailable)\n")
        }
    }
}
