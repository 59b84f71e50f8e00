import Foundation

/// How a ``MemoryClient`` runs its turns.
public struct ChatOptions: Sendable {
    /// Tool rounds per turn before the model must answer without tools.
    public var maxToolRounds: Int = 4
    public var temperature: Double?
    public var maxTokens: Int?
    /// The time zone the model is told about and resolves relative dates in.
    public var timeZone: TimeZone = .current
    /// The clock (injectable for tests).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}
}
