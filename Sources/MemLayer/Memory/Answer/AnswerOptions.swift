import Foundation

/// How ``MemoryEngine/answer(_:userID:provider:options:)`` searches and asks.
public struct AnswerOptions: Sendable {
    /// The search tier; deep by default (hybrid top 10 plus the graph around them).
    public var tier: SearchTier = .deep
    /// Hits whose cosine similarity to the question (``SearchScore/similarity``) is below this are not
    /// relevant: they are not shown to the model, and when none is left and the graph has no fact
    /// either, the model is not called at all. Without vectors, a keyword match counts as relevant.
    public var minimumScore: Float = 0.2
    public var temperature: Double?
    public var maxTokens: Int?
    /// The time zone the current date is given in.
    public var timeZone: TimeZone = .current
    /// The clock (injectable for tests).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
