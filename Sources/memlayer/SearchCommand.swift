import ArgumentParser
import Foundation
import MemLayer

/// `memlayer search QUERY`: the best memories for a query at a search tier, best first.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find the memories that best match a query, best first.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "What to look for ('-' or left out with piped input: read from standard input).")
    var query: String?

    @Option(help: "fast: 2 by meaning; balanced: 5 by meaning and keywords; deep: 10 plus knowledge-graph facts.")
    var tier: SearchTier = .balanced

    @Option(name: .customShort("k"), help: "How many results (default: the tier's count).")
    var k: Int?

    @Option(
        name: .customLong("min-score"),
        help: ArgumentHelp(
            "Leave out memories whose similarity (cosine to the query, -1…1) is below this.",
            discussion: """
                Applies to the similarity, not to the ranking score. A memory with no similarity (no \
                vectors: --lightweight, or stored without an embedding) is kept: the keyword search \
                found it by an uncommon word it shares with the query. The chat's search_memory tool \
                uses 0.15 with the built-in MiniLM embedder.
                """))
    var minScore: Double?

    @Flag(help: "Search without embeddings (keywords and graph only): needs no model.")
    var lightweight = false

    @Flag(
        help: """
            Print one JSON object {user, query, tier, time_window, memories: [{id, text, \
            kind, conversation, similarity, retrievers, score, created_at, event_time, sources, ...}], \
            facts: [{subject, predicate, object}]}: the same keys for every tier and hit (null when they do not \
            apply; facts is empty below deep). similarity is the cosine to the query (null without vectors), \
            retrievers the searches that found it (vector, keyword), score the ranking score the list is \
            ordered by.
            """)
    var json = false

    @Flag(help: "Print the search phases and their durations to standard error.")
    var trace = false

    @Option(
        help: ArgumentHelp(
            "When the question is asked, as ISO-8601 (2023-06-01T12:00:00Z); default now.",
            discussion: "\"yesterday\" or \"last week\" in the query resolve from this moment."))
    var now: String?

    mutating func validate() throws {
        if let k, k < 1 { throw ValidationError("-k must be at least 1") }
        if let minScore, !(-1...1).contains(minScore) {
            throw ValidationError("--min-score is a cosine similarity between -1 and 1 (got \(minScore))")
        }
        let text = try TextInput.resolve(query, what: "the query")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the query is empty")
        }
        query = text
        if let now, Self.moment(now) == nil {
            throw ValidationError("--now must be an ISO-8601 date-time such as 2023-06-01T12:00:00Z (got \(now))")
        }
    }

    func run() async throws {
        let engine =
            lightweight
            ? MemoryEngine(lightweight: try await options.openExistingStore()) : try await options.openEngine(existing: true)
        let result: MemorySearchResult
        do {
            let asked = now.flatMap(Self.moment) ?? Date()
            result = try await engine.search(
                query ?? "", userID: options.user, tier: tier, limit: k, now: asked, minimumSimilarity: minScore)
        } catch {
            await engine.store.close()
            throw error
        }
        await engine.store.close()
        if trace { StandardOutput.error("\(result.trace)\n") }
        if json {
            try StandardOutput.line(
                try JSONOutput.string(Self.jsonObject(result, query: query ?? "", user: options.user)))
        } else {
            try StandardOutput.line(Self.plainText(result, user: options.user))
        }
    }
}

extension SearchCommand {
    /// `2023-06-01T12:00:00Z` (or with an offset, or fractional seconds) as a date.
    static func moment(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

extension SearchTier: ExpressibleByArgument {}
