import Foundation

/// How a ``MemoryClient`` runs its turns.
public struct ChatOptions: Sendable {
    /// Tool rounds per turn before the model must answer without tools.
    public var maxToolRounds: Int = 4
    /// Sampling temperature; nil leaves the model's default.
    public var temperature: Double?
    /// The cap on generated tokens in each round (each request) of a turn, so that a model stuck
    /// in a loop stops at the cap rather than at its context limit; nil leaves it to the provider.
    public var maxTokens: Int? = 1_024
    /// The time zone the model is told about and resolves relative dates in.
    public var timeZone: TimeZone = .current
    /// How similar a memory must be to the query for `search_memory` (and the memory a model
    /// without tools gets up front) to show it; below it the model hears "Nothing relevant in
    /// memory". By default the floor measured for the engine's embedder (see ``SimilarityFloor``).
    public var memoryFloor: SimilarityFloor = .embedderDefault
    /// The clock (injectable for tests).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
