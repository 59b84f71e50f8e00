import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Curation never deletes a kept turn: turns do not decay, an expired turn is archived, and an
/// old turn is archived only once extraction is done with it.
@Suite("Curation: turns")
struct TurnCurationTests {
    static func turn(_ text: String, id: String, at: Date, expiresAt: Date? = nil) -> NewMemory {
        NewMemory(
            text: text, id: id, kind: .turn, importance: 0.1, createdAt: at, expiresAt: expiresAt,
            metadataJSON: #"{"conversation":"c1","position":1}"#)
    }

    @Test("a low-importance turn outlives decay; after a year unused it is archived, never deleted")
    func oldTurnsAreArchived() async throws {
        let fixture = try await CurationFixture()
        try await fixture.store.insert(
            [Self.turn("User: hi\nAssistant: hello", id: "t-old", at: CurationFixture.start)], userID: "alice",
            now: CurationFixture.start)
        // A fact of the same importance decays within weeks; the turn does not.
        try await fixture.add("User likes plums.", id: "f-low", importance: 0.1)
        let curator = Curator(store: fixture.store)
        let early = try await curator.curate(userID: "alice", now: CurationFixture.day(200))
        #expect(early.archived == ["f-low"] && early.archivedTurns.isEmpty)
        let dry = try await curator.curate(userID: "alice", now: CurationFixture.day(400), dryRun: true)
        #expect(dry.archivedTurns == ["t-old"] && dry.deleted.isEmpty)
        #expect(try await fixture.store.memory(id: "t-old", userID: "alice")?.status == .active)
        let real = try await curator.curate(userID: "alice", now: CurationFixture.day(400))
        #expect(real.archivedTurns == ["t-old"])
        let kept = try #require(try await fixture.store.memory(id: "t-old", userID: "alice"))
        #expect(kept.status == .archived)
    }

    @Test("an expired turn is archived, not deleted, and curating again leaves it alone")
    func expiredTurns() async throws {
        let fixture = try await CurationFixture()
        try await fixture.store.insert(
            [
                Self.turn(
                    "User: the code is 4411\nAssistant: ok", id: "t-exp", at: CurationFixture.start,
                    expiresAt: CurationFixture.day(2))
            ], userID: "alice", now: CurationFixture.start)
        let curator = Curator(store: fixture.store)
        let report = try await curator.curate(userID: "alice", now: CurationFixture.day(3))
        #expect(report.deleted.isEmpty && report.archivedTurns == ["t-exp"])
        #expect(try await fixture.store.memory(id: "t-exp", userID: "alice")?.status == .archived)
        let again = try await curator.curate(userID: "alice", now: CurationFixture.day(4))
        #expect(again.isEmpty)
    }

    @Test("a turn still queued for extraction is not archived, however old")
    func queuedTurnsStay() async throws {
        let fixture = try await CurationFixture()
        var turn = ConversationTurn(user: "I adopted a cat", assistant: "Lovely!", at: CurationFixture.start)
        turn.source = "chat"
        let (_, memory) = try await fixture.store.keepAndEnqueue(
            turn, at: TurnPlace(conversation: "c1", position: 1), userID: "alice")
        let report = try await Curator(store: fixture.store).curate(userID: "alice", now: CurationFixture.day(800))
        #expect(report.archivedTurns.isEmpty)
        #expect(try await fixture.store.memory(id: memory.id, userID: "alice")?.status == .active)
    }

    @Test("the turn rule reads its age from the policy")
    func policy() {
        let turn = Memory(
            id: "t", userID: "alice", text: "x", kind: .turn, importance: 0.5, createdAt: CurationFixture.start,
            updatedAt: CurationFixture.start, expiresAt: nil, lastAccessedAt: CurationFixture.day(100), accessCount: 1,
            status: .active, source: nil, metadataJSON: nil, embedder: nil)
        #expect(TurnArchivePolicy(age: 30 * 86_400).archiveReason(for: turn, at: CurationFixture.day(129)) == nil)
        #expect(TurnArchivePolicy(age: 30 * 86_400).archiveReason(for: turn, at: CurationFixture.day(131)) != nil)
    }
}
