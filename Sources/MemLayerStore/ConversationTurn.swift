import Foundation

/// One completed exchange — or a text handed over to be remembered — as queued for background
/// extraction.
public struct ConversationTurn: Sendable, Equatable, Codable {
    /// Where a queued text came from. It decides whether the salience gate looks at it and what
    /// kind of memory keeps it when extraction fails.
    public enum Origin: String, Sendable, Equatable, Codable {
        /// A chat turn: gated on the user's message; kept as a `turn` memory if extraction fails.
        case chat
        /// A piece of a document given to `ingest`: never gated; kept as a `document` memory.
        case document
        /// Text the user asked to remember: never gated; kept as written (a `fact`).
        case note
    }

    /// What the user said (for documents and notes: the text itself).
    public var user: String
    /// The model's final answer (not text from before a tool call); empty for documents and notes.
    public var assistant: String
    /// When the answer was complete (or the text was queued): relative dates resolve from here.
    public var at: Date
    /// Where the text came from.
    public var origin: Origin
    /// The `source` of memories made from it; nil means `chat`, `document` or `note` by origin.
    public var source: String?
    /// An importance the user chose (notes); extracted facts take it instead of the model's.
    public var importance: Double?
    /// The tasks the chat turn itself scheduled through the `schedule_task` tool, by id. When
    /// there are any, extraction adds no task for this turn: the reminder the user asked for
    /// exists already, and a second one worded by the extraction model would be a duplicate.
    public var scheduledTaskIDs: [Int64]
    /// The `turn` memory that keeps this chat turn word for word, when it was kept
    /// (``SQLiteMemoryStore/keepAndEnqueue(_:at:userID:)``): extraction gives it its vector, and
    /// when extraction fails the turn is already safe.
    public var keptMemoryID: String?

    /// Creates a turn (or, with another `origin`, a queued document chunk or note).
    public init(
        user: String, assistant: String, at: Date, origin: Origin = .chat, source: String? = nil,
        importance: Double? = nil, scheduledTaskIDs: [Int64] = []
    ) {
        self.user = user
        self.assistant = assistant
        self.at = at
        self.origin = origin
        self.source = source
        self.importance = importance
        self.scheduledTaskIDs = scheduledTaskIDs
        keptMemoryID = nil
    }

    private enum CodingKeys: String, CodingKey {
        case user, assistant, at, origin, source, importance
        case scheduledTaskIDs = "scheduled_task_ids"
        case keptMemoryID = "kept_memory_id"
    }

    /// Reads payloads queued before `origin` existed as chat turns, and before
    /// `scheduled_task_ids` existed as turns that scheduled nothing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.decode(String.self, forKey: .user)
        assistant = try container.decode(String.self, forKey: .assistant)
        at = try container.decode(Date.self, forKey: .at)
        origin = try container.decodeIfPresent(Origin.self, forKey: .origin) ?? .chat
        source = try container.decodeIfPresent(String.self, forKey: .source)
        importance = try container.decodeIfPresent(Double.self, forKey: .importance)
        scheduledTaskIDs = try container.decodeIfPresent([Int64].self, forKey: .scheduledTaskIDs) ?? []
        keptMemoryID = try container.decodeIfPresent(String.self, forKey: .keptMemoryID)
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
