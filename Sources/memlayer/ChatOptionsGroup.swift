import ArgumentParser
import Foundation
import MemLayer

/// Options of the commands that talk to a chat model.
struct ProviderOptions: ParsableArguments {
    @Option(
        name: .customLong("provider"),
        help: """
            Chat service: \(ProviderSpecification.Kind.allCases.map(\.rawValue).joined(separator: ", ")) \
            (default: $MEMLAYER_PROVIDER or ollama).
            """)
    var providerFlag: String?

    @Option(
        name: .customLong("model"),
        help: """
            Model name (default: $MEMLAYER_MODEL when the service is $MEMLAYER_PROVIDER's, else the \
            service's default; llama3.2 for Ollama).
            """)
    var modelFlag: String?

    @Option(
        help: """
            The service's base URL (default: $OLLAMA_HOST, $OPENAI_BASE_URL or $ANTHROPIC_BASE_URL for \
            that service, else its public address).
            """)
    var baseURL: String?

    func validate() throws {
        _ = try specification()
    }

    /// `--provider`, else `$MEMLAYER_PROVIDER`, else `ollama`.
    var provider: String {
        providerFlag ?? EnvironmentDefaults.value(EnvironmentDefaults.provider) ?? "ollama"
    }

    /// `--model`, else `$MEMLAYER_MODEL` — which names a model of the environment's provider, so it
    /// is left out when `--provider` picks another service.
    var model: String? {
        if let modelFlag { return modelFlag }
        let environmentProvider = EnvironmentDefaults.value(EnvironmentDefaults.provider) ?? "ollama"
        guard provider.lowercased() == environmentProvider.lowercased() else { return nil }
        return EnvironmentDefaults.value(EnvironmentDefaults.model)
    }

    func specification() throws -> ProviderSpecification {
        guard let kind = ProviderSpecification.Kind(rawValue: provider.lowercased()) else {
            let source = providerFlag == nil ? "\(EnvironmentDefaults.provider): " : ""
            throw ValidationError(
                "\(source)unknown provider '\(provider)'; use one of: \(ProviderSpecification.Kind.allCases.map(\.rawValue).joined(separator: ", "))"
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

extension MemoryClient {
    /// Closes the client, then the store the command opened for it (a client leaves a store it
    /// did not open to its opener).
    func closeWithStore() async {
        await close()
        await engine.store.close()
    }
}
