import Foundation
import MemLayer
import Testing

/// Keyword search is scoped to the user inside FTS5; user ids of every shape must still find
/// exactly that user's memories and no one else's.
@Suite("Keyword search scoped by user")
struct KeywordScopeTests {
    @Test(
        "each user finds only their own memories, whatever their id looks like",
        arguments: [
            ["alice", "alice smith", "bob"], ["user 1", "user 12", "user-1"], ["ana@example.com", "example.com"],
            ["quote\"inside", "quote"], ["--", "__", "alice"], ["Zoë", "zoe"], ["用户一", "用户"],
        ])
    func scoped(users: [String]) async throws {
        let fixture = try await StoreFixture()
        let engine = MemoryEngine(lightweight: fixture.store)
        for user in users {
            try await engine.remember("\(user) keeps bees in the garden", userID: user)
            try await engine.remember("a note about bees that belongs to \(user)", userID: user)
        }
        for user in users {
            let result = try await engine.search("bees in the garden", userID: user, tier: .balanced, limit: nil)
            #expect(result.hits.count == 2, "\(user): \(result.hits.map(\.memory.text))")
            #expect(result.hits.allSatisfy { $0.memory.userID == user }, "\(user)")
        }
    }
}
