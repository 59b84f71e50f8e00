import Foundation

/// The environment variables that give options their defaults, so a shell or a script sets them
/// once instead of repeating flags. A flag on the command line always wins.
enum EnvironmentDefaults {
    static let store = "MEMLAYER_STORE"
    static let user = "MEMLAYER_USER"
    static let embedder = "MEMLAYER_EMBEDDER"
    static let vectorSearch = "MEMLAYER_VECTOR_SEARCH"
    static let provider = "MEMLAYER_PROVIDER"
    static let model = "MEMLAYER_MODEL"

    /// The variable's value with surrounding whitespace removed; nil when it is unset or empty.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    /// Every variable the CLI reads, with what it sets: shown by `memlayer --help` and kept in
    /// step with the README's table.
    static let helpTable = """
        Environment (a flag on the command line wins over its variable):
          MEMLAYER_STORE      --store: a file or postgres://… (default memlayer_data/memory.sqlite)
          MEMLAYER_USER       --user (default "default")
          MEMLAYER_EMBEDDER   --embedder (default: the store's own; minilm when new)
          MEMLAYER_VECTOR_SEARCH  --vector-search, for PostgreSQL stores (default exact)
          MEMLAYER_PROVIDER   --provider (default ollama)
          MEMLAYER_MODEL      --model, for MEMLAYER_PROVIDER's service
          MEMLAYER_MODELS     folder of the built-in MiniLM model's files
          OLLAMA_HOST         Ollama's address (default http://localhost:11434)
          OPENAI_API_KEY      key for OpenAI (chat and openai:MODEL embeddings)
          OPENAI_BASE_URL     an OpenAI-compatible server (LM Studio, llama-server)
          ANTHROPIC_API_KEY   key for Claude
          ANTHROPIC_BASE_URL  another address for Claude's API (a proxy, a gateway)
          GEMINI_API_KEY      key for Gemini (or GOOGLE_API_KEY)
          MEMLAYER_LOG_LEVEL  the library's log on standard error: trace, debug, info, … (default warning)
        """
}
