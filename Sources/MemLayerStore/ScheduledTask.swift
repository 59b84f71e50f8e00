import Foundation

/// A reminder the user (or the model, through `schedule_task`) asked for.
public struct ScheduledTask: Sendable, Equatable, Identifiable {
    /// Whether the user has been told, or is done with it.
    public enum Status: String, Sendable, Equatable {
        /// Not yet due, or due and not yet mentioned.
        case pending
        /// Mentioned in an answer that was delivered in full.
        case notified
        /// The user said it is done.
        case done
    }

    public var id: Int64
    public var userID: String
    public var description: String
    /// When it is due; nil for "some time".
    public var dueAt: Date?
    public var status: Status
    public var createdAt: Date
}
