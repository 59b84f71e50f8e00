import Foundation

/// What a memory holds: a distilled fact, a raw conversation turn, or a piece of a document.
public enum MemoryKind: String, Sendable, Codable, CaseIterable {
    case fact
    case turn
    case document
}

/// Whether a memory takes part in search.
public enum MemoryStatus: String, Sendable, Codable {
    case active
    case archived
}

/// One stored memory, as read back from the store.
public struct Memory: Sendable, Equatable, Identifiable {
    /// The memory's id: the one given at import, or a generated UUID.
    public var id: String
    /// The user the memory belongs to.
    public var userID: String
    public var text: String
    public var kind: MemoryKind
    /// How much the memory matters, 0…1.
    public var importance: Double
    public var createdAt: Date
    public var updatedAt: Date
    /// After this moment the memory is never returned and curation deletes it.
    public var expiresAt: Date?
    public var lastAccessedAt: Date?
    public var accessCount: Int
    public var status: MemoryStatus
    /// Where the memory came from (`cli`, `import`, `chat`, …).
    public var source: String?
    /// Free-form JSON object kept verbatim from import.
    public var metadataJSON: String?
    /// The id of the embedder that produced this memory's vector, if it has one.
    public var embedder: String?
    /// When what the memory tells happened (or will), when that is known: extraction records it
    /// for a fact from the turn's words ("we moved last March"), apart from when the fact was
    /// learned (`createdAt`, for a fact from a turn the moment the turn was said). Nil for turns,
    /// whose `createdAt` is when they were said.
    public var eventAt: Date?

    /// Creates a memory value (the store makes these; tests and importers may too).
    public init(
        id: String, userID: String, text: String, kind: MemoryKind, importance: Double, createdAt: Date,
        updatedAt: Date, expiresAt: Date?, lastAccessedAt: Date?, accessCount: Int, status: MemoryStatus,
        source: String?, metadataJSON: String?, embedder: String?, eventAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.text = text
        self.kind = kind
        self.importance = importance
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.lastAccessedAt = lastAccessedAt
        self.accessCount = accessCount
        self.status = status
        self.source = source
        self.metadataJSON = metadataJSON
        self.embedder = embedder
        self.eventAt = eventAt
    }
}

/// A memory to add: only `text` is required.
public struct NewMemory: Sendable, Equatable {
    public var text: String
    /// A caller-chosen id, kept and returned by search; a UUID is generated when nil.
    public var id: String?
    public var kind: MemoryKind
    public var importance: Double
    /// Keeps imported history at its real date; now when nil.
    public var createdAt: Date?
    public var expiresAt: Date?
    public var source: String?
    /// A JSON object, stored verbatim.
    public var metadataJSON: String?
    /// A precomputed vector from the store's embedder; the text is embedded when nil.
    public var embedding: [Float]?
    /// When what the memory tells happened (see ``Memory/eventAt``).
    public var eventAt: Date?
    /// Ids of the user's kept turns this fact was learned from; those that exist are linked
    /// (an export's `sources`), the rest are ignored.
    public var sourceTurnIDs: [String]

    public init(
        text: String, id: String? = nil, kind: MemoryKind = .fact, importance: Double = 0.5,
        createdAt: Date? = nil, expiresAt: Date? = nil, source: String? = nil, metadataJSON: String? = nil,
        embedding: [Float]? = nil, eventAt: Date? = nil, sourceTurnIDs: [String] = []
    ) {
        self.eventAt = eventAt
        self.sourceTurnIDs = sourceTurnIDs
        self.text = text
        self.id = id
        self.kind = kind
        self.importance = importance
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.source = source
        self.metadataJSON = metadataJSON
        self.embedding = embedding
    }
}

/// A memory found by search: `score` says where it ranks, `similarity` how close it is.
///
/// Every search method fills both the same way. `score` is the ranking score the hits are
/// ordered by — higher first, comparable only within one result: the cosine itself for a pure
/// vector search (``SQLiteMemoryStore/search(vector:userID:k:now:)``, ``MemoryEngine/search(_:userID:k:)``
/// with an embedder), the blended score of the tiered search (fused ranks, importance, recency,
/// time boost; its parts are in ``MemorySearchResult/scores``) otherwise. `similarity` is the
/// cosine between query and memory (-1…1) whichever method ran: the number to show people and to
/// hold against a floor. It is nil when no vector was compared (lightweight mode, or a memory
/// stored without an embedding).
public struct SearchHit: Sendable, Equatable {
    public var memory: Memory
    /// The ranking score: what the hits are ordered by (see the type's documentation); not a
    /// similarity for the tiered search.
    public var score: Float
    /// Cosine similarity between the query and the memory, or nil when no vector was compared.
    public var similarity: Float?

    /// Creates a hit.
    public init(memory: Memory, score: Float, similarity: Float? = nil) {
        self.memory = memory
        self.score = score
        self.similarity = similarity
    }
}
