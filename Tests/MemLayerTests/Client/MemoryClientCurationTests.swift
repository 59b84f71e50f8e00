import Foundation
import MemLayer
import Testing

@Suite("MemoryClient curation")
struct MemoryClientCurationTests {
    @Test("a client curates its user's memories when it opens: expired ones are deleted, others kept")
    func curatesAtOpen() async throws {
        let fixture = try await StoreFixture()
        let vectors = try await HashingEmbedder().embed(["old parking spot", "my bike is red"])
        try await fixture.store.insert(
            [
                NewMemory(text: "old parking spot", expiresAt: Date().addingTimeInterval(-3600), embedding: vectors[0]),
                NewMemory(text: "my bike is red", embedding: vectors[1]),
            ], userID: "alice")
        try await fixture.store.insert(
            [NewMemory(text: "bob's expired note", expiresAt: .distantPast, embedding: vectors[0])], userID: "bob")
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: URL(string: "http://127.0.0.1:1")!),
            engine: fixture.engine, userID: "alice", extraction: nil)
        var remaining: [String] = []
        for _ in 0..<200 {
            remaining = try await fixture.store.memories(userID: "alice").map(\.text)
            if remaining.count == 1 { break }
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(remaining == ["my bike is red"])
        #expect(try await fixture.store.memories(userID: "bob").count == 1)  // another user's pass, not this client's
        await client.close()
        await client.close()
    }
}
