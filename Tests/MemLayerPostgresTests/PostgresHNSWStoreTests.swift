import Foundation
import MemLayerStore
import Testing

@testable import MemLayerPostgres

@Suite(
    "PostgreSQL store searching through HNSW",
    .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresHNSWStoreTests {
    /// Whether the database at `url` has the HNSW index.
    static func hasIndex(_ url: String) async throws -> Bool {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
        defer { Task { await connection.close() } }
        return try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'memory_vectors_hnsw')")[0].bool(0)
    }

    /// A vector of `dimension` components with a random length between 0.2 and 5: cosine ranks
    /// by direction only, so an index that ranked by inner product would find other rows.
    static func vector(_ dimension: Int, _ generator: inout SeededGenerator) -> [Float] {
        let length = Float.random(in: 0.2...5, using: &generator)
        return (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) * length }
    }

    @Test("the index is built once the embedder is known, HNSW finds what exact search finds, a read-only open builds none")
    func hnswStore() async throws {
        try await PostgresTestServer.withEmptyDatabase { url in
            let store = try await PostgresMemoryStore.open(url, vectorSearch: .hnsw(efSearch: 100))
            #expect(try await !Self.hasIndex(url), "an index needs the dimension, unknown before the embedder")
            try await store.useEmbedder(id: "test-embedder", dimension: 16)
            #expect(try await Self.hasIndex(url))
            let exact = try await PostgresMemoryStore.open(url)
            defer {
                Task {
                    await store.close()
                    await exact.close()
                }
            }
            #expect(store.vectorSearch == .hnsw(efSearch: 100) && exact.vectorSearch == .exact)

            var generator = SeededGenerator(state: 1818)
            for user in ["alice", "bob"] {
                let items = (0..<400).map {
                    NewMemory(text: "\(user) memory \($0)", embedding: Self.vector(16, &generator))
                }
                try await store.insert(items, userID: user)
            }
            try await store.connection.execute("ANALYZE")
            let now = Date()
            var found = 0
            for _ in 0..<20 {
                let query = Self.vector(16, &generator)
                let approximate = try await store.vectorCandidates(query, userID: "alice", limit: 10, now: now)
                let exhaustive = try await exact.vectorCandidates(query, userID: "alice", limit: 10, now: now)
                let texts = try await store.memories(rowIDs: approximate.map(\.rowID)).map(\.text)
                #expect(texts.count == 10 && texts.allSatisfy { $0.hasPrefix("alice ") })
                #expect(approximate.map(\.score) == approximate.map(\.score).sorted(by: >))
                found += Set(approximate.map(\.rowID)).intersection(exhaustive.map(\.rowID)).count
            }
            #expect(Double(found) / 200 >= 0.9, "recall@10 \(Double(found) / 200)")

            // Without the index, a read-only open builds none and still answers; one that may
            // write builds it.
            try await store.connection.execute("DROP INDEX memory_vectors_hnsw")
            let reader = try await PostgresMemoryStore.open(url, createIfMissing: false, vectorSearch: .hnsw(efSearch: 40))
            #expect(try await !Self.hasIndex(url))
            #expect(try await reader.vectorCandidates(Self.vector(16, &generator), userID: "alice", limit: 5, now: now).count == 5)
            await reader.close()
            let writer = try await PostgresMemoryStore.open(url, vectorSearch: .hnsw(efSearch: 40))
            #expect(try await Self.hasIndex(url))
            await writer.close()

            await #expect(throws: StoreError.self) {
                _ = try await PostgresMemoryStore.open(url, vectorSearch: .hnsw(efSearch: 0))
            }
        }
    }
}
