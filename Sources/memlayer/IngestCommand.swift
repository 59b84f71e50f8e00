import ArgumentParser
import Foundation
import MemLayer

/// `memlayer ingest FILE`: a document's facts, entities and relationships, extracted chunk by
/// chunk — or with `--raw` its chunks stored as written.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Extract memories from a text document (or store its chunks with --raw).",
        discussion: """
            The document is split into chunks of about 1,200 characters; the model (--provider, --model, --base-url) \
            extracts facts, entities and relationships from each. Chunks are queued first, so an interrupted run \
            loses nothing: `memlayer extract` (or any ask or chat) finishes them. When the model cannot be used the \
            chunks are stored as written, with a note on standard error.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Argument(help: "The UTF-8 text file to read ('-', or left out with piped input: standard input).")
    var file: String?

    @Flag(help: "Store the chunks as written (kind document), without a model.")
    var raw = false

    @Option(help: "The source recorded with each memory (default: the file's name).")
    var source: String?

    @Flag(help: "Print one JSON object {user, source, chunks_stored_as_written, extraction, model_unavailable}.")
    var json = false

    func validate() throws {
        if file == nil && !TextInput.readsStandardInput(file) {
            throw ValidationError("give the file to ingest, or \"-\" to read standard input")
        }
    }

    func run() async throws {
        let file = TextInput.readsStandardInput(self.file) ? "-" : self.file ?? "-"
        let data = try ImportCommand.contents(of: file)
        if let nul = data.firstIndex(of: 0) {
            // A NUL would be kept in the queue but vanish from every display; in a text file it
            // means binary or UTF-16 input, so the whole file is refused before anything is stored.
            let line = data[data.startIndex..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw ValidationError(
                "\(file) line \(line) contains a NUL byte: it is binary or UTF-16, not UTF-8 text; nothing was ingested"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(file) is not UTF-8 text") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("\(file) is empty")
        }
        let name = source ?? (file == "-" ? "stdin" : URL(fileURLWithPath: file).lastPathComponent)
        let engine = try await options.openEngine()
        let receipt = try await engine.ingest(text: text, userID: options.user, source: name, raw: raw)
        switch receipt {
        case .stored(let memories):
            await engine.store.close()
            if json { return try printJSON(source: name, stored: memories.count, run: nil) }
            try StandardOutput.line("ingested \(name): \(memories.count) chunks stored as written")
        case .queued(let jobIDs):
            let run = try await ExtractionRun.extract(
                jobIDs: jobIDs, engine: engine, providerOptions: providerOptions, keepingOffline: true)
            await engine.store.close()
            if json {
                try printJSON(source: name, stored: run.kept.count, run: run)
            } else {
                var line = "ingested \(name): \(ExtractionNotice.summary(of: run.reports))"
                if !run.kept.isEmpty { line += "; \(run.kept.count) chunks stored as written" }
                try StandardOutput.line(line)
            }
            if let reason = run.unavailable {
                StandardOutput.error("note: chunks stored as written; the model was unavailable: \(reason)\n")
            }
        }
    }

    private func printJSON(source: String, stored: Int, run: ExtractionRun?) throws {
        let object: [String: Any] = [
            "user": options.user, "source": source, "chunks_stored_as_written": stored,
            "extraction": ExtractionNotice.object(of: run?.reports ?? []),
            "model_unavailable": run?.unavailable ?? NSNull(),
        ]
        try StandardOutput.line(try JSONOutput.string(object))
    }
}
