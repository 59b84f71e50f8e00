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

    @Argument(help: "The text to remember.")
    var text: String

    @Option(help: "How much it matters, 0 to 1 (default: the model judges; 0.5 when stored as written).")
    var importance: Double?

    @Flag(help: "Store the text as written, without a model.")
    var raw = false

    func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the text to remember is empty")
        }
        if let importance, !(0...1).contains(importance) { throw ValidationError("--importance must be from 0 to 1") }
    }

    func run() async throws {
        let engine = try await options.openEngine()
        if raw {
            let memory = try await engine.remember(
                text, userID: options.user, importance: importance ?? 0.5, source: "cli")
            await engine.store.close()
            print("remembered \(memory.id)")
            return
        }
        let job = try await engine.enqueueNote(text, userID: options.user, importance: importance, source: "cli")
        let run = try await ExtractionRun.extract(
            jobIDs: [job], engine: engine, providerOptions: providerOptions, keepingOffline: true)
        let texts = try await ExtractionNotice.texts(in: engine.store, userIDs: [options.user])
        await engine.store.close()
        for line in ExtractionNotice.lines(for: run.reports, memories: { texts[$0] }) { print(line) }
        for memory in run.kept { print("remembered \(memory.id)") }
        if let reason = run.unavailable {
            StandardOutput.error("note: stored as written; the model was unavailable: \(reason)\n")
        }
    }
}
