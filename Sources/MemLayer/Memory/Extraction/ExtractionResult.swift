import Foundation

/// What the model found in one turn or document chunk, after parsing and validation.
public struct ExtractionResult: Sendable, Equatable {
    /// Statements worth remembering.
    public var facts: [ExtractedFact] = []
    /// Named people, organisations, places and things.
    public var entities: [ExtractedEntity] = []
    /// Edges between entities.
    public var relationships: [ExtractedRelationship] = []
    /// Reminders the user asked for.
    public var tasks: [ExtractedTask] = []
    /// Items left out because they were unusable (no text, wrong shape); the rest were kept.
    public var skippedItems = 0

    /// Creates a result.
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
