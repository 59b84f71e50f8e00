import ArgumentParser
import Foundation
import MemLayer

/// `memlayer embed TEXT...`: vectors for texts, as JSON lines.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print embeddings as JSON lines {\"text\": ..., \"embedding\": [...]}.",
        discussion: "With no TEXT arguments, or \"-\", embeds each non-empty line of standard input.")

    @Argument(help: "Texts to embed (default, or '-': lines of standard input).")
    var texts: [String] = []

    @Option(name: .long, help: "Embedder: \(EmbedderSpecification.accepted) (default: $MEMLAYER_EMBEDDER or minilm).")
    var embedder: String?

    @Flag(help: "JSON lines (the only output format; accepted for symmetry with other commands).")
    var json = false

    @Option(help: "Texts per embedder call.")
    var batchSize: Int = 64

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        _ = try specification()
    }

    /// `--embedder`, else `$MEMLAYER_EMBEDDER`, else the default.
    private func specification() throws -> EmbedderSpecification {
        let fromEnvironment = embedder == nil ? EnvironmentDefaults.value(EnvironmentDefaults.embedder) : nil
        guard let named = embedder ?? fromEnvironment else { return .default }
        do {
            return try EmbedderSpecification(parsing: named)
        } catch {
            throw ValidationError(fromEnvironment == nil ? "\(error)" : "\(EnvironmentDefaults.embedder): \(error)")
        }
    }

    func run() async throws {
        let model = try await specification().makeEmbedder()
        var inputs = texts == ["-"] ? [] : texts
        if inputs.isEmpty {
            while let line = readLine() {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { inputs.append(line) }
            }
        }
        for start in stride(from: 0, to: inputs.count, by: batchSize) {
            let batch = Array(inputs[start..<min(start + batchSize, inputs.count)])
            let vectors = try await model.embed(batch)
            for (text, vector) in zip(batch, vectors) {
                // Written by hand so "text" comes first, as a person reading the output expects.
                let textJSON = try JSONOutput.string([text], pretty: false).dropFirst().dropLast()
                let vectorJSON = try JSONOutput.string(vector.map { Double($0) }, pretty: false)
                try StandardOutput.line("{\"text\":\(textJSON),\"embedding\":\(vectorJSON)}")
            }
        }
    }
}
