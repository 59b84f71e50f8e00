/// What one curation pass over one user's memories changed (or, for a dry run, would change).
public struct CurationReport: Sendable, Equatable {
    /// Whose memories the pass looked at.
    public var userID: String
    /// True when nothing was written: the lists say what a real pass would have done.
    public var dryRun: Bool
    /// Ids of memories deleted because their expiry time had passed.
    public var deleted: [String] = []
    /// Ids of memories archived because their decayed score fell below the threshold.
    public var archived: [String] = []
    /// Ids of kept turns archived: old and done with (see ``TurnArchivePolicy``), or expired.
    /// Turns are never deleted by curation.
    public var archivedTurns: [String] = []
    /// Graph edges removed because every memory they came from was deleted or archived.
    public var removedRelationships: [GraphFact] = []
    /// Entities removed because the edges removed were their last ones.
    public var removedEntities: [String] = []

    /// An empty report for `userID`.
    public init(userID: String, dryRun: Bool) {
        self.userID = userID
        self.dryRun = dryRun
    }

    /// True when the pass changed (or would change) nothing.
    public var isEmpty: Bool {
        deleted.isEmpty && archived.isEmpty && archivedTurns.isEmpty && removedRelationships.isEmpty
            && removedEntities.isEmpty
    }
}
