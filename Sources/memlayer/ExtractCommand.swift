import ArgumentParser
import Foundation
import MemLayer

/// `memlayer extract`: processes the extraction queue now.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Extract memories from every queued turn and document chunk now.",
        discussion: """
            Turns queued by `ask --no-wait` or `chat --no-wait`, and work left by an interrupted run, wait in the \
            store until a worker takes them. This runs one for every user's queue, with the model chosen by \
            --provider, --model and --base-url, and exits non-zero if the model cannot be used (nothing is lost).
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Flag(help: "Print one JSON object {extraction: {jobs, facts_added, ...}, left_in_queue, model_unavailable}.")
    var json = false

    func run() async throws {
        let engine = try await options.openEngine()
        let run = try await ExtractionRun.extract(
            jobIDs: nil, engine: engine, providerOptions: providerOptions, keepingOffline: false)
        let left = try await engine.store.stats(userID: nil).queuedExtractionJobs
        await engine.store.close()
        if json {
            let object: [String: Any] = [
                "extraction": ExtractionNotice.object(of: run.reports), "left_in_queue": left,
                "model_unavailable": run.unavailable ?? NSNull(),
            ]
            try StandardOutput.line(try JSONOutput.string(object))
        } else {
            try StandardOutput.line("extracted \(ExtractionNotice.summary(of: run.reports)); \(left) left in the queue")
        }
        if let reason = run.unavailable {
            StandardOutput.error("error: the model is unavailable, \(left) jobs stay queued: \(reason)\n")
            throw ExitCode.failure
        }
    }
}
