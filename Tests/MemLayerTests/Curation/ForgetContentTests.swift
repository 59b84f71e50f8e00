import Foundation
import MemLayer
import Testing

/// Forgetting removes what was said from every table: `history` keeps that a deletion happened,
/// not the text (issue 15, item 8).
@Suite("Forgetting leaves no content behind")
struct ForgetContentTests {
    typealias F = CurationFixture

    /// `user`'s history entries that still hold a text containing `secret`.
    private func mentions(_ secret: String, in fixture: CurationFixture, user: String = "alice") throws -> [HistoryRow]
    {
        try fixture.history(user).filter { $0.text?.contains(secret) == true }
    }

    private func turn(_ user: String, _ assistant: String) -> ConversationTurn {
        ConversationTurn(user: user, assistant: assistant, at: F.day(1))
    }

    @Test("forget ID blanks the memory's earlier history and the names of the edges and entities that went")
    func forgetOne() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("My locker code is 4321", id: "m1")
        try await fixture.add("My locker code is 9876 now", id: "m1", writtenAt: F.day(1))  // replaced by id
        try await fixture.add("I like tea", id: "m2")
        try await fixture.link("Locker", "has code", "Code4321", sources: ["m1"])
        try await fixture.store.forget(id: "m1", userID: "alice", now: F.day(2))

        #expect(try mentions("4321", in: fixture).isEmpty)
        #expect(try mentions("9876", in: fixture).isEmpty)
        #expect(try mentions("Locker", in: fixture).isEmpty)
        let entries = try fixture.history().filter { $0.memoryID == "m1" }
        #expect(entries.map(\.action) == ["add", "update", "delete"])
        #expect(entries.last?.reason == "forgotten by user")
        #expect(try fixture.history().filter { $0.memoryID == nil }.map(\.action) == ["delete", "delete", "delete"])
        #expect(try mentions("I like tea", in: fixture).count == 1)  // another memory keeps its history
    }

    @Test("forget ID of a kept turn deletes its queued extraction job, not another turn's")
    func forgetTurn() async throws {
        let fixture = try await CurationFixture()
        let place = TurnPlace(conversation: "c1", position: 1)
        let secret = try await fixture.store.keepAndEnqueue(
            turn("my bank PIN is 2468", "Noted."), at: place, userID: "alice")
        try await fixture.store.keepAndEnqueue(
            turn("I like tea", "Noted."), at: TurnPlace(conversation: "c1", position: 2), userID: "alice")
        try await fixture.store.forget(id: secret.memory.id, userID: "alice")

        #expect(try fixture.count("SELECT count(*) FROM extraction_jobs WHERE payload LIKE '%2468%'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM extraction_jobs") == 1)
        #expect(try fixture.count("SELECT count(*) FROM memories WHERE text LIKE '%2468%'") == 0)
        #expect(try mentions("2468", in: fixture).isEmpty)
    }

    @Test("forget --all leaves no text in history and deletes the user's turns, tasks and queued jobs")
    func forgetAll() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Alice's passport number is X123", id: "a1")
        try await fixture.link("Alice", "holds", "passport X123", sources: ["a1"])
        try await fixture.store.keepAndEnqueue(
            turn("my diagnosis is private", "I will keep it."), at: TurnPlace(conversation: "c", position: 1),
            userID: "alice")
        try await fixture.store.addTask("call the clinic about the diagnosis", dueAt: F.day(3), userID: "alice")
        try await fixture.add("Bob likes chess", id: "b1", user: "bob")
        try await fixture.store.addTask("buy a chess clock", dueAt: nil, userID: "bob")
        try await fixture.store.keepAndEnqueue(
            turn("chess on Sunday", "Sure."), at: TurnPlace(conversation: "b", position: 1), userID: "bob")

        #expect(try await fixture.store.forgetAll(userID: "alice", now: F.day(2)) == 2)
        #expect(try fixture.history().allSatisfy { $0.text == nil })
        #expect(try fixture.history().contains { $0.action == "delete" && $0.memoryID == "a1" })
        #expect(try await fixture.store.tasks(userID: "alice").isEmpty)
        #expect(try fixture.count("SELECT count(*) FROM extraction_jobs WHERE user_id = 'alice'") == 0)
        #expect(try fixture.count("SELECT count(*) FROM memories WHERE user_id = 'alice'") == 0)
        #expect(try await fixture.facts().isEmpty)
        // Bob's content is his and stays.
        #expect(try await fixture.store.tasks(userID: "bob").count == 1)
        #expect(try fixture.count("SELECT count(*) FROM extraction_jobs WHERE user_id = 'bob'") == 1)
        #expect(try mentions("Bob likes chess", in: fixture, user: "bob").count == 1)
    }
}
