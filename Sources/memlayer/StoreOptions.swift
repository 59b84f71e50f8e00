import ArgumentParser
import Foundation
import MemLayer
import MemLayerPostgres

/// Options every subcommand that opens a store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            The store: a SQLite file, or postgres://user@host:port/db for PostgreSQL with pgvector (password \
            from the URL or $PGPASSWORD) (default: $MEMLAYER_STORE or memlayer_data/memory.sqlite).
            """)
    var store: String?

    @Option(name: .customLong("user"), help: "Whose memories to use (default: $MEMLAYER_USER or \"default\").")
    var userFlag: String?

    @Option(
        name: .customLong("embedder"),
        help: """
            Embedder: minilm, hash, ollama:MODEL or openai:MODEL (default: $MEMLAYER_EMBEDDER, else the store's own; \
            a new store gets minilm).
            """)
    var embedderFlag: String?

    @Option(
        name: .customLong("vector-search"),
        help: """
            PostgreSQL stores: exact (every vector of the user compared, like SQLite), or hnsw[:EF_SEARCH] \
            through pgvector's HNSW index (built on the first open that may write; ef_search default 100) \
            (default: $MEMLAYER_VECTOR_SEARCH or exact).
            """)
    var vectorSearchFlag: String?

    mutating func validate() throws {
        if let userFlag, userFlag.isEmpty { throw ValidationError("--user cannot be empty") }
        if let store, store.isEmpty { throw ValidationError("--store cannot be empty") }
        _ = try chosenEmbedder
        if vectorSearchFlag != nil, postgresURL == nil {
            throw ValidationError(
                "--vector-search is for PostgreSQL stores (--store postgres://…); a SQLite store searches with "
                    + "its own kernel")
        }
        _ = try vectorSearch
    }

    /// How a PostgreSQL store searches vectors: `--vector-search`, else `$MEMLAYER_VECTOR_SEARCH`
    /// (read only for PostgreSQL stores), else exact.
    var vectorSearch: PostgresMemoryStore.VectorSearch {
        get throws {
            if let vectorSearchFlag { return try Self.parsedVectorSearch(vectorSearchFlag, source: "--vector-search") }
            guard postgresURL != nil, let named = EnvironmentDefaults.value(EnvironmentDefaults.vectorSearch) else {
                return .exact
            }
            return try Self.parsedVectorSearch(named, source: EnvironmentDefaults.vectorSearch)
        }
    }

    /// `exact`, `hnsw` (ef_search 100) or `hnsw:N`.
    static func parsedVectorSearch(_ text: String, source: String) throws -> PostgresMemoryStore.VectorSearch {
        let lowered = text.lowercased()
        if lowered == "exact" { return .exact }
        if lowered == "hnsw" { return .hnsw(efSearch: 100) }
        if lowered.hasPrefix("hnsw:"), let efSearch = Int(lowered.dropFirst(5)),
            PostgresMemoryStore.VectorSearch.efSearchRange.contains(efSearch)
        {
            return .hnsw(efSearch: efSearch)
        }
        throw ValidationError(
            "\(source): \"\(text)\" is not a vector search; use exact, hnsw, or hnsw:EF_SEARCH (1–1000)")
    }

    /// `--user`, else `$MEMLAYER_USER`, else `default`.
    var user: String { userFlag ?? EnvironmentDefaults.value(EnvironmentDefaults.user) ?? "default" }

    var location: StoreLocation { store.map { .file($0) } ?? .default }

    /// The PostgreSQL URL `--store` or `$MEMLAYER_STORE` names, if it names one.
    var postgresURL: String? {
        guard case .file(let address) = location else { return nil }
        let lowered = address.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") ? address : nil
    }

    /// The store as messages name it: the file's path, or the PostgreSQL URL without its password.
    var storeDescription: String {
        guard let postgresURL else { return location.displayPath }
        return (try? PostgresURL(postgresURL).redacted) ?? "a PostgreSQL store (the URL could not be read)"
    }

    /// The embedder named by `--embedder` or `$MEMLAYER_EMBEDDER`, and where it was named (for
    /// errors); nil when neither names one.
    var chosenEmbedder: (specification: EmbedderSpecification, source: String)? {
        get throws {
            if let embedderFlag {
                return (try Self.parsed(embedderFlag, source: "--embedder"), "--embedder \(embedderFlag)")
            }
            guard let named = EnvironmentDefaults.value(EnvironmentDefaults.embedder) else { return nil }
            let source = "\(EnvironmentDefaults.embedder)=\(named)"
            return (try Self.parsed(named, source: EnvironmentDefaults.embedder), source)
        }
    }

    /// Opens the store without binding an embedder (commands that never embed text).
    func openStore() async throws -> any MemoryStoring {
        try await makeStore(createIfMissing: true)
    }

    /// The one place that picks the store behind the protocol: PostgreSQL for a `postgres://`
    /// URL (its schema is upgraded on open, and created unless `createIfMissing` is false), else
    /// the SQLite file.
    private func makeStore(createIfMissing: Bool) async throws -> any MemoryStoring {
        if let postgresURL {
            return try await PostgresMemoryStore.open(
                postgresURL, createIfMissing: createIfMissing, vectorSearch: try vectorSearch)
        }
        return try SQLiteMemoryStore(location: location, createIfMissing: createIfMissing)
    }

    /// Opens an existing store for a command that only reads (`stats`, `search`, `export`,
    /// `graph`, `tasks`): a mistyped path, or a PostgreSQL database without a store, fails and
    /// creates nothing, and a store in a read-only folder can still be read.
    func openExistingStore() async throws -> any MemoryStoring {
        try await makeStore(createIfMissing: false)
    }

    /// Opens the store and binds it to its embedder (see ``embedder(for:)``); with `existing`,
    /// as ``openExistingStore()`` does.
    func openEngine(existing: Bool = false) async throws -> MemoryEngine {
        let store = try await makeStore(createIfMissing: !existing)
        do {
            let embedder = try await embedder(for: store)
            return try await MemoryEngine(store: store, embedder: embedder)
        } catch let error as StoreError where error.kind == .embedderMismatch {
            await store.close()
            throw EmbedderChoiceError.mismatch(stored: await Self.storedID(of: store), chosen: try chosenEmbedder)
        } catch {
            await store.close()
            throw error
        }
    }

    /// The embedder for `store`: the one `--embedder` or `$MEMLAYER_EMBEDDER` names, else the one
    /// that made the store's vectors, else (a new store) the default.
    func embedder(for store: any MemoryStoring) async throws -> any Embedder {
        let stored = await store.embedderID
        if let chosen = try chosenEmbedder {
            return try await chosen.specification.makeEmbedder(storeEmbedderID: stored)
        }
        guard let stored else { return try await EmbedderSpecification.default.makeEmbedder() }
        guard let specification = EmbedderSpecification(storeEmbedderID: stored) else {
            throw EmbedderChoiceError.unknownStored(stored)
        }
        return try await specification.makeEmbedder(storeEmbedderID: stored)
    }

    private static func storedID(of store: any MemoryStoring) async -> String {
        await store.embedderID ?? "another embedder"
    }

    private static func parsed(_ text: String, source: String) throws -> EmbedderSpecification {
        do {
            return try EmbedderSpecification(parsing: text)
        } catch {
            throw ValidationError(source == "--embedder" ? "\(error)" : "\(source): \(error)")
        }
    }
}

/// An embedder the CLI cannot use with a store, said in the CLI's own spellings.
enum EmbedderChoiceError: Error, CustomStringConvertible {
    /// The store's vectors came from `stored`; `chosen` names another.
    case mismatch(stored: String, chosen: (specification: EmbedderSpecification, source: String)?)
    /// The store's vectors came from an embedder no `--embedder` spelling builds.
    case unknownStored(String)

    var description: String {
        switch self {
        case .mismatch(let stored, let chosen):
            let target = chosen.map { " --embedder \($0.specification)" } ?? ""
            var text =
                "this store's memories were embedded with \(stored), but \(chosen?.source ?? "the default") "
                + "names another embedder; run `memlayer reindex\(target)` to re-embed them with it"
            if let own = EmbedderSpecification(storeEmbedderID: stored) {
                let leaveOut =
                    chosen?.source.hasPrefix("--") == false
                    ? "unset \(EnvironmentDefaults.embedder)" : "leave --embedder out"
                text += ", or \(leaveOut) to use the store's own (--embedder \(own))"
            }
            return text
        case .unknownStored(let stored):
            return "this store's memories were embedded with \(stored), which the CLI cannot build; run "
                + "`memlayer reindex --embedder minilm` (or another --embedder) to re-embed them"
        }
    }
}
