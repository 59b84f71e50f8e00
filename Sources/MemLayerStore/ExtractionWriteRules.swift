import Foundation

/// A fact row an extraction wrote or refreshed: where it is, its id, and its text.
package struct StoredFact: Sendable, Equatable {
    package var rowID: Int64
    package var externalID: String
    package var text: String

    package init(rowID: Int64, externalID: String, text: String) {
        self.rowID = rowID
        self.externalID = externalID
        self.text = text
    }
}

/// Rules of an extraction write that do not depend on where it is stored, so every store behind
/// ``MemoryStoring`` applies the same ones.
package enum ExtractionWriteRules {
    /// The fact an extracted edge is sourced from, among the job's facts (row id and text): the
    /// one that mentions both ends of `relationship`, else its object, else its subject, else
    /// the job's first fact; nil when the job wrote no fact.
    package static func sourceFact(of relationship: ExtractedRelationship, among facts: [(rowID: Int64, text: String)])
        -> Int64?
    {
        let subject = EntityName.canonical(relationship.subject)
        let object = EntityName.canonical(relationship.object)
        let texts = facts.map { ($0.rowID, $0.text.lowercased()) }
        return texts.first { $0.1.contains(subject) && $0.1.contains(object) }?.0
            ?? texts.first { $0.1.contains(object) }?.0
            ?? texts.first { $0.1.contains(subject) }?.0
            ?? facts.first?.rowID
    }

    /// Writes `write`'s facts through a store's own three calls, the same way in every store:
    /// the job's importance (when it gives one) overrides each fact's; a fact that `duplicate`
    /// finds stored already (the same text, a fact added earlier in this job, or a near vector)
    /// refreshes that one instead of being added. Adds the ids to `summary`; returns the job's
    /// fact rows, stored or refreshed, in order.
    ///
    /// - Parameters:
    ///   - duplicate: the stored fact a prepared fact restates and how it was matched, given the
    ///     facts this job added so far with their vectors; nil when it is new.
    ///   - refresh: refreshes a stored fact with a restatement (the fact, and how it matched).
    ///   - insert: adds a new fact with its vector.
    package static func writeFacts(
        _ write: ExtractionWrite, summary: inout ExtractionSummary,
        duplicate: (PreparedFact, _ added: [(fact: StoredFact, vector: [Float])]) throws -> (StoredFact, String)?,
        refresh: (StoredFact, ExtractedFact, _ how: String) throws -> Void,
        insert: (ExtractedFact, _ vector: [Float]) throws -> StoredFact
    ) rethrows -> [StoredFact] {
        var factRows: [StoredFact] = []
        var added: [(fact: StoredFact, vector: [Float])] = []
        for prepared in write.facts {
            var fact = prepared.fact
            if let importance = write.importance { fact.importance = importance }
            if let (existing, how) = try duplicate(prepared, added) {
                try refresh(existing, fact, how)
                summary.updatedFactIDs.append(existing.externalID)
                factRows.append(existing)
            } else {
                let stored = try insert(fact, prepared.vector)
                summary.addedFactIDs.append(stored.externalID)
                factRows.append(stored)
                added.append((stored, prepared.vector))
            }
        }
        return factRows
    }

    /// Schedules `write`'s tasks through a store's own two calls: a task the user has scheduled
    /// already (`isScheduled`) is counted, not added again, and one with a blank description is
    /// left out. Adds the counts to `summary`.
    package static func scheduleTasks(
        _ write: ExtractionWrite, summary: inout ExtractionSummary, isScheduled: (ExtractedTask) throws -> Bool,
        schedule: (_ description: String, _ dueAt: Date?) throws -> Void
    ) rethrows {
        for task in write.tasks {
            if try isScheduled(task) {
                summary.tasksAlreadyScheduled += 1
            } else {
                let text = task.description.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                try schedule(text, task.dueAt)
                summary.tasksAdded += 1
            }
        }
    }

    /// Writes `write`'s entities and relationships through a store's own two calls, the same way
    /// in every store: an entity's type is the first one the job gives its name (a relationship's
    /// end the job never typed is a "thing"), and each edge is sourced from the job's fact that
    /// mentions its ends (``sourceFact(of:among:)``). Adds the relationships written and the
    /// entities touched to `summary`.
    ///
    /// - Parameters:
    ///   - entityID: the id of the user's entity with this name, made with this type if new.
    ///   - link: adds or refreshes an edge (subject id, predicate, object id, source fact row id).
    package static func writeGraph(
        _ write: ExtractionWrite, facts: [StoredFact], summary: inout ExtractionSummary,
        entityID: (_ name: String, _ type: String) throws -> Int64,
        link: (_ subject: Int64, _ predicate: String, _ object: Int64, _ sourceRowID: Int64?) throws -> Void
    ) rethrows {
        var types: [String: String] = [:]
        var touched: Set<Int64> = []
        for entity in write.entities {
            let key = EntityName.canonical(entity.name)
            if types[key] == nil { types[key] = entity.type }
            touched.insert(try entityID(entity.name, entity.type))
        }
        for relationship in write.relationships {
            let subject = try entityID(
                relationship.subject, types[EntityName.canonical(relationship.subject)] ?? "thing")
            let object = try entityID(relationship.object, types[EntityName.canonical(relationship.object)] ?? "thing")
            touched.formUnion([subject, object])
            let source = sourceFact(of: relationship, among: facts.map { ($0.rowID, $0.text) })
            try link(subject, relationship.predicate, object, source)
            summary.relationships += 1
        }
        summary.entities = touched.count
    }

    /// The cosine of two vectors (0 when either is all zeros), as the duplicate check compares a
    /// new fact with a stored one.
    package static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for i in 0..<min(a.count, b.count) {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        let norm = (na * nb).squareRoot()
        return norm > 0 ? dot / norm : 0
    }
}
