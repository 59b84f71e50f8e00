import Foundation

/// One line of a memory's history: what happened to it, when and why.
///
/// Forgetting takes the words out of history: entries of a forgotten memory keep the action,
/// time and reason, and their ``text`` is nil.
public struct HistoryEntry: Sendable, Equatable {
    /// What happened.
    public enum Action: String, Sendable, Codable {
        /// The memory was stored.
        case add
        /// Its text or importance changed, or the same text was remembered again.
        case update
        /// Curation archived it (still kept, no longer searched by default).
        case archive
        /// It was forgotten or expired.
        case delete
    }

    /// The memory's id; nil for entries about graph edges and entities.
    public var memoryID: String?
    /// What happened.
    public var action: Action
    /// The text the memory had after the change; nil once forgotten, and for deletions.
    public var text: String?
    /// Why (`"added"`, `"replaced by id"`, `"forgotten by user"`, …).
    public var reason: String
    /// When.
    public var at: Date

    /// Creates an entry.
    public init(memoryID: String?, action: Action, text: String?, reason: String, at: Date) {
        self.memoryID = memoryID
        self.action = action
        self.text = text
        self.reason = reason
        self.at = at
    }
}
