import ArgumentParser
import Foundation
import MemLayer

/// `memlayer graph [ENTITY]`: the knowledge graph of a user, or the part around one entity.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Show a user's entities and relationships (subject —predicate→ object), or those around ENTITY.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "An entity's name (case and spacing do not matter).")
    var entity: String?

    @Option(help: "With ENTITY: how many hops away to show relationships (1 = only the entity's own).")
    var hops: Int = 1

    @Flag(help: "Print JSON: {\"entities\": [...], \"relationships\": [...]}.")
    var json = false

    func validate() throws {
        guard (1...5).contains(hops) else { throw ValidationError("--hops must be from 1 to 5") }
        if let entity, EntityName.canonical(entity).isEmpty { throw ValidationError("the entity name is empty") }
    }

    func run() async throws {
        let store = try await options.openExistingStore()
        var entities = try await store.entities(userID: options.user)
        var facts: [GraphFact]
        if let entity {
            let key = EntityName.canonical(entity)
            guard entities.contains(where: { $0.canonicalName == key }) else {
                await store.close()
                throw ValidationError(
                    "user \(options.user) has no entity named '\(entity)'; `memlayer graph` lists them all")
            }
            facts =
                hops == 1
                ? try await store.graphFacts(userID: options.user, entity: entity)
                : try await store.graphNeighborhood(of: [entity], userID: options.user, hops: hops, limit: 10_000)
            let shown = Set(facts.flatMap { [$0.subject, $0.object] }.map(EntityName.canonical) + [key])
            entities = entities.filter { shown.contains($0.canonicalName) }
        } else {
            facts = try await store.graphFacts(userID: options.user)
        }
        await store.close()
        if json {
            let object: [String: Any] = [
                "entities": entities.map(Self.object(for:)), "relationships": facts.map(Self.object(for:)),
            ]
            try StandardOutput.line(try JSONOutput.string(object))
            return
        }
        if entities.isEmpty && facts.isEmpty {
            try StandardOutput.line("no entities or relationships for user \(options.user)")
            return
        }
        try StandardOutput.line("entities (\(entities.count)):")
        for entity in entities {
            let aliases = entity.aliases.isEmpty ? "" : ", also \(entity.aliases.joined(separator: ", "))"
            try StandardOutput.line("  \(entity.name) (\(entity.type)\(aliases))")
        }
        try StandardOutput.line("relationships (\(facts.count)):")
        for fact in facts { try StandardOutput.line("  \(fact)") }
    }

    static func object(for entity: Entity) -> [String: Any] {
        ["name": entity.name, "type": entity.type, "aliases": entity.aliases]
    }

    static func object(for fact: GraphFact) -> [String: Any] {
        ["subject": fact.subject, "predicate": fact.predicate, "object": fact.object]
    }
}
