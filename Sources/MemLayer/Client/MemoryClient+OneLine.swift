import Foundation

extension MemoryClient {
    /// A client in one line: an Ollama chat model, the default store, the built-in MiniLM
    /// embedder, extraction in the background, and a ``close()`` that waits (up to a minute) for
    /// the turns it queued to be extracted and then closes the store it opened.
    ///
    /// ```swift
    /// let client = try await MemoryClient(ollama: "llama3.2", user: "alice")
    /// ```
    ///
    /// - Parameters:
    ///   - model: The Ollama model that chats and extracts.
    ///   - user: Whose memory this is.
    ///   - store: Where the memories live; by default `$MEMLAYER_STORE` or
    ///     `memlayer_data/memory.sqlite` (see ``StoreLocation/default``).
    ///   - host: The Ollama server; nil reads `OLLAMA_HOST` (default `http://localhost:11434`).
    ///   - options: Tool rounds, temperature, token limit, clock.
    /// - Throws: ``StoreError`` when the store cannot be opened (or holds another embedder's
    ///   vectors); ``EmbedderError`` when the built-in model's files are missing.
    public init(
        ollama model: String, user: String = "default", store: StoreLocation = .default, host: URL? = nil,
        options: ChatOptions = ChatOptions()
    ) async throws {
        let memoryStore = try SQLiteMemoryStore(location: store)
        let engine: MemoryEngine
        do {
            engine = try await MemoryEngine(store: memoryStore, embedder: try MiniLMEmbedder())
        } catch {
            await memoryStore.close()
            throw error
        }
        self.init(oneLine: model, user: user, engine: engine, host: host, options: options, ownsStore: true)
    }

    /// A client in one line over a store you opened — a `PostgresMemoryStore`, say — with an
    /// Ollama chat model, the built-in MiniLM embedder and extraction in the background. Its
    /// ``close()`` waits (up to a minute) for the turns it queued to be extracted; the store stays
    /// yours to close after it.
    ///
    /// ```swift
    /// let store = try await PostgresMemoryStore.open("postgres://app@db.internal/memory")
    /// let client = try await MemoryClient(ollama: "llama3.2", user: "alice", store: store)
    /// // …
    /// await client.close()
    /// await store.close()
    /// ```
    ///
    /// - Parameters:
    ///   - model: The Ollama model that chats and extracts.
    ///   - user: Whose memory this is.
    ///   - store: Where the memories live: a ``SQLiteMemoryStore`` or another ``MemoryStoreBackend``.
    ///   - host: The Ollama server; nil reads `OLLAMA_HOST` (default `http://localhost:11434`).
    ///   - options: Tool rounds, temperature, token limit, clock.
    /// - Throws: ``StoreError`` `.embedderMismatch` when the store holds another embedder's
    ///   vectors; ``EmbedderError`` when the built-in model's files are missing.
    public init(
        ollama model: String, user: String = "default", store: any MemoryStoreBackend, host: URL? = nil,
        options: ChatOptions = ChatOptions()
    ) async throws {
        let engine = try await MemoryEngine(store: store, embedder: try MiniLMEmbedder())
        self.init(oneLine: model, user: user, engine: engine, host: host, options: options, ownsStore: false)
    }

    /// The one-line clients' shared settings: Ollama for chat and extraction, hourly curation,
    /// turns kept, and a close that waits for extraction.
    private init(
        oneLine model: String, user: String, engine: MemoryEngine, host: URL?, options: ChatOptions, ownsStore: Bool
    ) {
        self.init(
            provider: OllamaChatProvider(model: model, host: host), engine: engine, userID: user, options: options,
            extraction: ExtractionWorker.Configuration(), extractionProvider: nil, curationInterval: .seconds(3600),
            keepsTurns: true, conversationID: nil, ownsStore: ownsStore, extractionWaitOnClose: .seconds(60))
    }

    /// This client's user's memories: add, search, get, list, update, delete, history.
    public nonisolated var memories: UserMemories { UserMemories(engine: engine, userID: userID) }
}
