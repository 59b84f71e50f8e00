import Foundation
import MemLayerStore
import Testing

/// The knowledge graph and reminders on every store.
@Suite("Store conformance: graph and tasks")
struct GraphTaskConformanceTests {
    @Test("entities merge by canonical name, edges walk by hops, users stay apart", arguments: StoreKind.available)
    func graph(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jobs = try await store.enqueue(
                [ConversationTurn(user: "a", assistant: "", at: Date()), ConversationTurn(user: "b", assistant: "", at: Date())],
                userID: "u")
            let write = ExtractionWrite(
                facts: [PreparedFact(fact: ExtractedFact(text: "Dana works at Acme in Berlin"), vector: vector(0))],
                entities: [
                    ExtractedEntity(name: "Dana", type: "person"), ExtractedEntity(name: "Acme", type: "organization"),
                    ExtractedEntity(name: "Berlin", type: "place"),
                ],
                relationships: [
                    ExtractedRelationship(subject: "Dana", predicate: "works at", object: "Acme"),
                    ExtractedRelationship(subject: "Acme", predicate: "located in", object: "Berlin"),
                ],
                source: "chat", duplicates: duplicatesAbove(0.99))
            let summary = try #require(
                try await store.commitExtraction(jobID: jobs[0], userID: "u", write, learnedAt: Date(), now: Date()))
            #expect(summary.entities == 3 && summary.relationships == 2)
            // Another spelling of a known entity is an alias, not a new entity.
            let again = ExtractionWrite(
                entities: [ExtractedEntity(name: "the  ACME", type: "organization")], source: "chat",
                duplicates: duplicatesAbove(0.99))
            _ = try await store.commitExtraction(jobID: jobs[1], userID: "u", again, learnedAt: Date(), now: Date())
            let entities = try await store.entities(userID: "u")
            #expect(entities.map(\.canonicalName) == ["acme", "berlin", "dana"])
            #expect(entities[0].aliases == ["the ACME"])
            #expect(try await store.graphFacts(userID: "u", entity: "acme").count == 2)
            #expect(
                try await store.graphNeighborhood(of: ["Dana"], userID: "u", hops: 1, limit: 50) == [
                    GraphFact(subject: "Dana", predicate: "works_at", object: "Acme")
                ])
            #expect(try await store.graphNeighborhood(of: ["dana"], userID: "u", hops: 2, limit: 50).count == 2)
            #expect(try await store.entitiesMentioned(in: ["I met dana's boss at the ACME party"], userID: "u") == [
                "acme", "dana",
            ])
            #expect(try await store.entities(userID: "other").isEmpty)
            #expect(try await store.graphNeighborhood(of: ["Dana"], userID: "other", hops: 2, limit: 50).isEmpty)
            #expect(try await store.entitiesMentioned(in: ["Dana"], userID: "other").isEmpty)
        }
    }

    @Test("a reminder asked twice is one; statuses and due times behave", arguments: StoreKind.available)
    func tasks(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let due = now.addingTimeInterval(3600)
            let task = try await store.addTask("Call Dana.", dueAt: due, userID: "u", now: now)
            let same = try await store.addTask("call  dana", dueAt: due.addingTimeInterval(30), userID: "u", now: now)
            #expect(same.id == task.id)
            let undated = try await store.addTask("Buy figs", dueAt: nil, userID: "u", now: now)
            #expect(undated.id != task.id)
            await #expect(throws: StoreError.self) { try await store.addTask("  ", dueAt: nil, userID: "u", now: now) }
            #expect(try await store.tasks(userID: "u", including: [.pending]).map(\.id) == [task.id, undated.id])
            #expect(try await store.dueTasks(userID: "u", now: now).isEmpty)
            #expect(try await store.dueTasks(userID: "u", now: due).map(\.id) == [task.id])
            try await store.setTaskStatus(.notified, ids: [task.id], userID: "other", now: now)
            #expect(try await store.tasks(userID: "u", including: [.notified]).isEmpty)
            try await store.setTaskStatus(.notified, ids: [task.id], userID: "u", now: now)
            #expect(try await store.tasks(userID: "u", including: [.notified]).map(\.id) == [task.id])
            await #expect(throws: StoreError.self) { try await store.completeTask(id: task.id, userID: "other", now: now) }
            #expect(try await store.completeTask(id: task.id, userID: "u", now: now).status == .done)
            #expect(try await store.completeTask(id: task.id, userID: "u", now: now).status == .done)
            #expect(try await store.stats(userID: "u").pendingTasks == 1)
            #expect(try await store.tasks(userID: "other", including: [.pending, .notified, .done]).isEmpty)
        }
    }
}
