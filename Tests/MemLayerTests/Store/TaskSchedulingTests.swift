import Foundation
import MemLayer
import Testing

@Suite("Task scheduling")
struct TaskSchedulingTests {
    static let nine = Date(timeIntervalSince1970: 1_795_770_000)

    @Test("the same reminder asked for again — case, spacing, trailing punctuation aside — is the pending one")
    func idempotent() async throws {
        let store = try await StoreFixture().store
        let first = try await store.addTask("Call Dana", dueAt: Self.nine, userID: "alice")
        for variant in ["call dana.", "  Call   DANA!", "Call Dana"] {
            let again = try await store.addTask(variant, dueAt: Self.nine, userID: "alice")
            #expect(again.id == first.id && again.description == first.description, "\(variant)")
        }
        // Within the minute is the same time; undated matches undated only.
        #expect(try await store.addTask("Call Dana", dueAt: Self.nine.addingTimeInterval(30), userID: "alice").id == first.id)
        let undated = try await store.addTask("Call Dana", dueAt: nil, userID: "alice")
        #expect(undated.id != first.id)
        #expect(try await store.addTask("call dana", dueAt: nil, userID: "alice").id == undated.id)
        #expect(try await store.tasks(userID: "alice").count == 2)
    }

    @Test("another time, another text, another user or a task no longer pending makes a new reminder")
    func distinct() async throws {
        let store = try await StoreFixture().store
        let first = try await store.addTask("Call Dana", dueAt: Self.nine, userID: "alice")
        let later = try await store.addTask("Call Dana", dueAt: Self.nine.addingTimeInterval(3_600), userID: "alice")
        let other = try await store.addTask("Call Dana's office", dueAt: Self.nine, userID: "alice")
        let bobs = try await store.addTask("Call Dana", dueAt: Self.nine, userID: "bob")
        #expect(Set([first.id, later.id, other.id, bobs.id]).count == 4)
        try await store.completeTask(id: first.id, userID: "alice")
        let again = try await store.addTask("Call Dana", dueAt: Self.nine, userID: "alice")
        #expect(again.id != first.id && again.status == .pending)
        #expect(try await store.tasks(userID: "alice").count == 4)
    }
}
