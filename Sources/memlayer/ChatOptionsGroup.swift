import ArgumentParser
import Foundation
import MemLayer

/// Options of the commands that talk to a chat model.
struct ProviderOptions: ParsableArguments {
    @Option(help: "Chat service: \(ProviderSpecification.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var provider: String = "ollama"

    @Option(help: "Model name (default depends on the provider; llama3.2 for Ollama).")
    var model: String?

    @Option(help: "The service's base URL (Ollama host, or an OpenAI-compatible server such as LM Studio).")
    var baseURL: String?

    func validate() throws {
        _ = try specification()
    }

    func specification() throws -> ProviderSpecification {
        guard let kind = ProviderSpecification.Kind(rawValue: provider.lowercased()) else {
            throw ValidationError(
                "unknown provider '\(provider)'; use one of: \(ProviderSpecification.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var url: URL?
        if let baseURL {
            guard let parsed = URL(string: baseURL), parsed.scheme == "http" || parsed.scheme == "https" else {
                throw ValidationError("--base-url must be an http:// or https:// URL")
            }
            url = parsed
        }
        return ProviderSpecification(kind: kind, model: model, baseURL: url)
    }

    /// A client on the store, with the chosen provider, which also extracts memories from the
    /// turns in the background unless `extraction` is false (the turns then stay queued).
    func makeClient(store options: StoreOptions, extraction: Bool = true) async throws -> MemoryClient {
        let provider = try specification().makeProvider()
        let engine = try await options.openEngine()
        return MemoryClient(
            provider: provider, engine: engine, userID: options.user,
            extraction: extraction ? ExtractionWorker.Configuration() : nil)
    }
}

extension MemoryClient {
    /// Closes the client, then the store the command opened for it (a client leaves a store it
    /// did not open to its opener).
    func closeWithStore() async {
        await close()
        await engine.store.close()
    }
}
