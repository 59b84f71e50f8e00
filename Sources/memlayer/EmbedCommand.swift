import ArgumentParser
import Foundation
import MemLayer

/// `memlayer embed TEXT...`: vectors for texts, as JSON lines.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print embeddings as JSON lines {\"text\": ..., \"embedding\": [...]}.",
        discussion: "With no TEXT arguments, embeds each non-empty line of standard input.")

    @Argument(help: "Texts to embed (default: lines of standard input).")
    var texts: [String] = []

    @Option(name: .long, help: "Embedder: \(EmbedderSpecification.accepted).")
    var embedder: String?

    @Flag(help: "JSON lines (the only output format; accepted for symmetry with other commands).")
    var json = false

    @Option(help: "Texts per embedder call.")
    var batchSize: Int = 64

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        if let embedder {
            do { _ = try EmbedderSpecification(parsing: embedder) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() async throws {
        let specification = try embedder.map(EmbedderSpecification.init(parsing:)) ?? .default
        let model = try await specification.makeEmbedder()
        var inputs = texts
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
