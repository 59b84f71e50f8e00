import Foundation

/// A fact ready to be written, with the vector made before the transaction opened.
package struct PreparedFact: Sendable {
    package var fact: ExtractedFact
    package var vector: [Float]

    /// `fact` with its `vector`.
    package init(fact: ExtractedFact, vector: [Float]) {
        self.fact = fact
        self.vector = vector
    }
}

/// Everything one extraction writes; ``SQLiteMemoryStore/commitExtraction(jobID:userID:_:learnedAt:now:)``
/// applies it and deletes the job in one transaction.
package struct ExtractionWrite: Sendable {
    package var facts: [PreparedFact] = []
    package var entities: [ExtractedEntity] = []
    package var relationships: [ExtractedRelationship] = []
    package var tasks: [ExtractedTask] = []
    /// The `source` of new facts (`chat`, a document name, `cli`).
    package var source: String
    /// Overrides the model's importance (the user chose one).
    package var importance: Double?
    /// Whether a new fact restates a stored one (then the stored one is refreshed instead).
    package var duplicates: DuplicateCheck
    /// The kept turn (memory id) the facts come from: each fact written or refreshed is linked
    /// to it.
    package var sourceTurnID: String? = nil

    /// A write of `facts`, `entities`, `relationships` and `tasks` from `source`.
    package init(
        facts: [PreparedFact] = [], entities: [ExtractedEntity] = [], relationships: [ExtractedRelationship] = [],
        tasks: [ExtractedTask] = [], source: String, importance: Double? = nil, duplicates: DuplicateCheck,
        sourceTurnID: String? = nil
    ) {
        self.facts = facts
        self.entities = entities
        self.relationships = relationships
        self.tasks = tasks
        self.source = source
        self.importance = importance
        self.duplicates = duplicates
        self.sourceTurnID = sourceTurnID
    }
}

/// What one extraction changed in the store.
public struct ExtractionSummary: Sendable, Equatable {
    /// Facts added, by memory id.
    public var addedFactIDs: [String] = []
    /// Existing facts that the extraction restated and so refreshed, by memory id.
    public var updatedFactIDs: [String] = []
    /// Distinct entities named (new or known).
    public var entities = 0
    /// Relationships recorded (an edge already known gains this job's fact as a source).
    public var relationships = 0
    /// Reminders scheduled.
    public var tasksAdded = 0
    /// Tasks left out because the same reminder was already scheduled (say, by the chat's tool).
    public var tasksAlreadyScheduled = 0
    /// Items the model returned that the turn's text does not support, left out before writing.
    public var dropped = Dropped()

    /// Counts of items left out because the text does not support them.
    public struct Dropped: Sendable, Equatable {
        /// Entities whose name the text does not contain (whole words, any case).
        public var entities = 0
        /// Relationships with an end that is not a kept entity, a loop, or a person where a
        /// place belongs.
        public var relationships = 0
        /// Tasks the user did not ask for in their own words, or with no due time.
        public var tasks = 0
        /// Facts that are the prompt's own examples or its schema's words echoed back, not
        /// something the text said.
        public var facts = 0

        /// Nothing dropped.
        public init(entities: Int = 0, relationships: Int = 0, tasks: Int = 0, facts: Int = 0) {
            self.facts = facts
            self.entities = entities
            self.relationships = relationships
            self.tasks = tasks
        }

        /// Whether anything was dropped.
        public var isEmpty: Bool { entities == 0 && relationships == 0 && tasks == 0 && facts == 0 }
    }

    /// An empty summary.
    public init() {}
}
