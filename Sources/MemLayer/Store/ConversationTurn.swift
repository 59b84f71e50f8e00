import Foundation

/// One completed exchange, as queued for background extraction.
public struct ConversationTurn: Sendable, Equatable, Codable {
    /// What the user said.
    public var user: String
    /// The model's final answer (not text from before a tool call).
    public var assistant: String
    /// When the answer was complete.
    public var at: Date

    public init(user: String, assistant: String, at: Date) {
        self.user = user
        self.assistant = assistant
        self.at = at
    }
}

/// A queued extraction job: a turn (or document) waiting in `extraction_jobs`.
public struct ExtractionJob: Sendable, Equatable {
    public var id: Int64
    public var userID: String
    public var turn: ConversationTurn
    /// How many times extraction was tried and failed.
    public var attempts: Int
    public var lastError: String?
}
