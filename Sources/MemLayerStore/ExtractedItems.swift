import Foundation

/// A self-contained statement worth remembering.
public struct ExtractedFact: Sendable, Equatable {
    /// The statement, in the third person ("User works at Acme Corp.").
    public var text: String
    /// 0…1 (clamped).
    public var importance: Double
    /// When the fact stops being true (a trip, an appointment); nil for lasting facts.
    public var expiresAt: Date?
    /// When what the fact tells happened (or will), resolved against the turn's own time; nil
    /// when the text does not say. Apart from when the fact was learned (the turn's time).
    public var eventAt: Date?

    /// Creates a fact.
    public init(text: String, importance: Double = 0.5, expiresAt: Date? = nil, eventAt: Date? = nil) {
        self.text = text
        self.importance = importance
        self.expiresAt = expiresAt
        self.eventAt = eventAt
    }
}

/// A person, organisation, place or thing the text names.
public struct ExtractedEntity: Sendable, Equatable {
    /// The name as written.
    public var name: String
    /// `person`, `organization`, `place`, … as the model labelled it (`thing` when it did not).
    public var type: String

    /// Creates an entity.
    public init(name: String, type: String = "thing") {
        self.name = name
        self.type = type
    }
}

/// `subject —predicate→ object` between two named entities.
public struct ExtractedRelationship: Sendable, Equatable {
    /// The entity the edge starts from.
    public var subject: String
    /// What links them, in a few words ("works at").
    public var predicate: String
    /// The entity the edge points to.
    public var object: String

    /// Creates a relationship.
    public init(subject: String, predicate: String, object: String) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }
}

/// A reminder the user asked for.
public struct ExtractedTask: Sendable, Equatable {
    /// What to remind the user of.
    public var description: String
    /// When; nil when the model gave no usable date.
    public var dueAt: Date?

    /// Creates a task.
    public init(description: String, dueAt: Date? = nil) {
        self.description = description
        self.dueAt = dueAt
    }
}
