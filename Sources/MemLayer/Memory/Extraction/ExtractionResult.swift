import Foundation

/// What the model found in one turn or document chunk, after parsing and validation.
public struct ExtractionResult: Sendable, Equatable {
    public var facts: [ExtractedFact] = []
    public var entities: [ExtractedEntity] = []
    public var relationships: [ExtractedRelationship] = []
    public var tasks: [ExtractedTask] = []
    /// Items left out because they were unusable (no text, wrong shape); the rest were kept.
    public var skippedItems = 0

    public init(
        facts: [ExtractedFact] = [], entities: [ExtractedEntity] = [], relationships: [ExtractedRelationship] = [],
        tasks: [ExtractedTask] = [], skippedItems: Int = 0
    ) {
        self.facts = facts
        self.entities = entities
        self.relationships = relationships
        self.tasks = tasks
        self.skippedItems = skippedItems
    }
}

/// A self-contained statement worth remembering.
public struct ExtractedFact: Sendable, Equatable {
    public var text: String
    /// 0…1 (clamped).
    public var importance: Double
    /// When the fact stops being true (a trip, an appointment); nil for lasting facts.
    public var expiresAt: Date?

    public init(text: String, importance: Double = 0.5, expiresAt: Date? = nil) {
        self.text = text
        self.importance = importance
        self.expiresAt = expiresAt
    }
}

/// A person, organisation, place or thing the text names.
public struct ExtractedEntity: Sendable, Equatable {
    public var name: String
    /// `person`, `organization`, `place`, … as the model labelled it (`thing` when it did not).
    public var type: String

    public init(name: String, type: String = "thing") {
        self.name = name
        self.type = type
    }
}

/// `subject —predicate→ object` between two named entities.
public struct ExtractedRelationship: Sendable, Equatable {
    public var subject: String
    public var predicate: String
    public var object: String

    public init(subject: String, predicate: String, object: String) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// A reminder the user asked for.
public struct ExtractedTask: Sendable, Equatable {
    public var description: String
    public var dueAt: Date?

    public init(description: String, dueAt: Date? = nil) {
        self.description = description
        self.dueAt = dueAt
    }
}
