import Foundation

/// Which chat service to use, as chosen on the command line (`--provider`, `--model`,
/// `--base-url`).
public struct ProviderSpecification: Sendable, Equatable {
    /// The wire protocols MemLayer speaks.
    public enum Kind: String, Sendable, CaseIterable {
        /// Ollama's `/api/chat` (the default, fully local).
        case ollama
        /// OpenAI Chat Completions, or any compatible server via `baseURL` (LM Studio, llama-server).
        case openai
        /// Anthropic's Messages API.
        case claude
        /// Google's Gemini API.
        case gemini

        /// The model used when none is named: each service's small, fast, current model.
        public var defaultModel: String {
            switch self {
            case .ollama: "llama3.2"
            case .openai: "gpt-4o-mini"
            // Anthropic's models overview lists Claude Haiku 4.5 as its fastest current model
            // (claude-3-5-haiku-latest is retired); the alias follows its snapshots.
            case .claude: "claude-haiku-4-5"
            // Gemini's deprecations page lists gemini-3.5-flash as generally available with no
            // shutdown date, while gemini-2.0-flash is shut down and gemini-2.5-flash retiring.
            case .gemini: "gemini-3.5-flash"
            }
        }
    }

    public var kind: Kind
    public var model: String
    /// Overrides the service's address (for Ollama: instead of `OLLAMA_HOST`).
    public var baseURL: URL?

    public init(kind: Kind = .ollama, model: String? = nil, baseURL: URL? = nil) {
        self.kind = kind
        self.model = model ?? kind.defaultModel
        self.baseURL = baseURL
    }

    /// Builds the provider. Keys come from the environment (`OPENAI_API_KEY`,
    /// `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`/`GOOGLE_API_KEY`); a missing key is a
    /// ``ProviderError`` of kind `.authentication` that says which variable to export.
    public func makeProvider(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> any ChatProvider
    {
        switch kind {
        case .ollama: OllamaChatProvider(model: model, host: baseURL, environment: environment)
        case .openai: try OpenAIChatProvider(model: model, baseURL: baseURL, environment: environment)
        case .claude: ClaudeChatProvider(model: model, baseURL: baseURL, environment: environment)
        case .gemini: GeminiChatProvider(model: model, baseURL: baseURL, environment: environment)
        }
    }
}
