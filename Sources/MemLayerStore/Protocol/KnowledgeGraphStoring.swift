/// The knowledge graph: entities and the relationships between them, per user.
package protocol KnowledgeGraphStoring: Sendable {
    /// `userID`'s entities.
    func entities(userID: String) async throws -> [Entity]
    /// `userID`'s current relationships, all or those touching `entity`.
    func graphFacts(userID: String, entity: String?) async throws -> [GraphFact]
    /// Relationships within `hops` of the entities `names`, at most `limit`, nearest first.
    func graphNeighborhood(of names: [String], userID: String, hops: Int, limit: Int) async throws -> [GraphFact]
    /// The known entity names (canonical) that `texts` mention.
    func entitiesMentioned(in texts: [String], userID: String) async throws -> [String]
}
