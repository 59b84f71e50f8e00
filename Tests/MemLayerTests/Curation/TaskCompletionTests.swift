import Foundation
import MemLayer
import Testing

@Suite("Task completion")
struct TaskCompletionTests {
    @Test("completeTask marks the user's own task done; another user's id or an unknown one is not found")
    func complete() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let due = Date(timeIntervalSince1970: 1_795_770_000)
        let call = try await store.addTask("Call Dana", dueAt: due, userID: "alice")
        let water = try await store.addTask("Water the plants", dueAt: nil, userID: "alice")
        let bobs = try await store.addTask("Bob's dentist", dueAt: due, userID: "bob")

        let done = try await store.completeTask(id: call.id, userID: "alice")
        #expect(done.status == .done && done.description == "Call Dana" && done.dueAt == due)
        #expect(try await store.completeTask(id: call.id, userID: "alice").status == .done)  // idempotent

        await #expect(throws: StoreError.self) { try await store.completeTask(id: bobs.id, userID: "alice") }
        await #expect(throws: StoreError.self) { try await store.completeTask(id: 9999, userID: "alice") }
        #expect(try await store.tasks(userID: "bob").map(\.status) == [.pending])
        #expect(try await store.tasks(userID: "alice", including: [.pending, .notified]).map(\.id) == [water.id])
        #expect(try await store.tasks(userID: "alice").map(\.description) == ["Call Dana", "Water the plants"])
    }

    @Test("a client lists its user's open tasks and marks them done; due ones stop being reminded")
    func client() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Don't forget to call Dana."])])
        let store = fixture.store.store
        let past = ClientFixture.now.addingTimeInterval(-3600)
        let call = try await store.addTask("Call Dana", dueAt: past, userID: "alice")
        try await store.addTask("Bob's dentist", dueAt: past, userID: "bob")

        #expect(try await fixture.client.tasks().map(\.description) == ["Call Dana"])
        _ = try await fixture.client.chat([.user("Morning!")])
        #expect(try await fixture.client.tasks().map(\.status) == [.notified])
        try await fixture.client.completeTask(call.id)
        #expect(try await fixture.client.tasks().isEmpty)
        #expect(try await fixture.client.tasks(including: [.done]).map(\.id) == [call.id])
        #expect(try await store.dueTasks(userID: "alice", now: ClientFixture.now).isEmpty)
        #expect(try await store.dueTasks(userID: "bob", now: ClientFixture.now).map(\.description) == ["Bob's dentist"])
    }
}
