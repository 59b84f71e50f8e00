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
    /// turns in the background unless `extraction` is false (the turns then stay queued);
    /// `onReport` hears how each extraction job ended.
    func makeClient(
        store options: StoreOptions, extraction: Bool = true,
        onReport: (@Sendable (ExtractionReport) -> Void)? = nil
    ) async throws -> MemoryClient {
        let provider = try specification().makeProvider()
        let engine = try await options.openEngine()
        var configuration = ExtractionWorker.Configuration()
        configuration.onReport = onReport
        return MemoryClient(
            provider: provider, engine: engine, userID: options.user,
            extraction: extraction ? configuration : nil)
    }
}
