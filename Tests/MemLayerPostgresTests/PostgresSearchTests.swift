import Foundation
import Testing

@testable import MemLayerPostgres

@Suite(
    "PostgreSQL search: vectors, keywords, graph",
    .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresSearchTests {
    @Test("exact vector top-k returns the user's best matches and nobody else's")
    func exactTopK() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            try await PostgresVectorTable.prepare(connection, dimension: 8)
            var generator = SeededGenerator(state: 18)
            var vectors: [String: [Int64: [Float]]] = [:]
            for user in ["alice", "bob", "carol"] {
                for _ in 0..<150 {
                    let vector = PostgresTestData.unitVector(8, &generator)
                    let id = try await PostgresTestData.insertVector(connection, userID: user, vector: vector)
                    vectors[user, default: [:]][id] = vector
                }
            }
            // Bob's exact copy of the query, and Alice's archived one, must not be found.
            let query = PostgresTestData.unitVector(8, &generator)
            try await PostgresTestData.insertVector(connection, userID: "bob", vector: query)
            let archived = try await PostgresTestData.insertVector(
                connection, userID: "alice", vector: query, status: "archived")

            let hits = try await PostgresVectorSearch.search(connection, userID: "alice", query: query, limit: 10)
            let alice = try #require(vectors["alice"])
            #expect(hits.count == 10)
            #expect(!hits.contains { $0.memoryID == archived })
            for hit in hits {
                let vector = try #require(alice[hit.memoryID], "hit \(hit.memoryID) is not Alice's")
                #expect(abs(hit.score - PostgresTestData.dot(vector, query)) < 1e-5)
            }
            #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
            // Exact: no vector of Alice's left out scores above the 10th hit.
            let returned = Set(hits.map(\.memoryID))
            let floor = hits.last!.score
            for (id, vector) in alice where !returned.contains(id) {
                #expect(PostgresTestData.dot(vector, query) <= floor + 1e-5)
            }
        }
    }

    @Test("HNSW with iterative scans finds the user's neighbours among many other users' rows")
    func hnswRecall() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            try await PostgresVectorTable.prepare(connection, dimension: 8)
            var generator = SeededGenerator(state: 7)
            // Alice holds 2% of the rows: a filter applied after a plain 40-candidate HNSW scan
            // would keep almost none of them.
            for index in 0..<1000 {
                let user = index % 50 == 0 ? "alice" : "user\(index % 7)"
                try await PostgresTestData.insertVector(
                    connection, userID: user, vector: PostgresTestData.unitVector(8, &generator))
            }
            try await PostgresVectorTable.createHNSWIndex(connection)
            try await connection.execute("ANALYZE")
            // The approximate search really goes through the index, and the exact one does not.
            let probe: [PostgresValue] = [
                .text("alice"), .vector(PostgresTestData.unitVector(8, &generator)), .int64(5),
            ]
            let plans = try await connection.transaction { connection in
                try connection.execute(PostgresVectorSearch.settings(efSearch: 40, forceIndex: true))
                let hnsw = try connection.query("EXPLAIN " + PostgresVectorSearch.hnswSQL, probe)
                let exact = try connection.query("EXPLAIN " + PostgresVectorSearch.exactSQL, probe)
                return try (
                    hnsw.map { try $0.string(0) }.joined(separator: "\n"),
                    exact.map { try $0.string(0) }.joined(separator: "\n")
                )
            }
            #expect(plans.0.contains("memory_vectors_hnsw"), "\(plans.0)")
            #expect(!plans.1.contains("memory_vectors_hnsw"), "\(plans.1)")

            var found = 0
            for _ in 0..<10 {
                let query = PostgresTestData.unitVector(8, &generator)
                let exact = try await PostgresVectorSearch.search(connection, userID: "alice", query: query, limit: 5)
                let approximate = try await PostgresVectorSearch.search(
                    connection, userID: "alice", query: query, limit: 5, method: .hnsw(efSearch: 40))
                #expect(approximate.count == 5)
                let automatic = try await PostgresVectorSearch.search(
                    connection, userID: "alice", query: query, limit: 5, method: .automatic(efSearch: 40))
                #expect(automatic.count == 5)
                found += Set(exact.map(\.memoryID)).intersection(approximate.map(\.memoryID)).count
            }
            #expect(Double(found) / 50 >= 0.9, "recall@5 \(Double(found) / 50)")
        }
    }

    @Test("keyword search stems English words and stays within the user")
    func fullTextStemming() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            let runs = try await PostgresTestData.insertMemory(
                connection, userID: "alice", text: "She runs every morning")
            let allergies = try await PostgresTestData.insertMemory(
                connection, userID: "alice", text: "Severe allergies to peanuts")
            try await PostgresTestData.insertMemory(connection, userID: "alice", text: "Likes green tea")
            try await PostgresTestData.insertMemory(connection, userID: "bob", text: "Bought running shoes")
            let search = { (text: String) in
                try await PostgresKeywordSearch.search(connection, userID: "alice", text: text, limit: 10).map(
                    \.memoryID)
            }
            #expect(try await search("running") == [runs])
            #expect(try await search("allergy") == [allergies])
            #expect(try await search("peanut allergy mornings").sorted() == [runs, allergies].sorted())
            #expect(try await search("the and of").isEmpty)
            #expect(try await search("run & !(dogs:* | 'x") == [runs])  // tsquery syntax is not read
            #expect(try await search("").isEmpty)
        }
    }

    @Test("the graph walk follows valid edges both ways, up to the hop limit, within the user")
    func graphWalk() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            func entity(_ user: String, _ name: String) async throws -> Int64 {
                try await connection.query(
                    """
                    INSERT INTO entities (user_id, name, canonical_name, created_at, updated_at)
                    VALUES ($1, $2, lower($2), now(), now()) RETURNING id
                    """, [.text(user), .text(name)])[0].int64(0)
            }
            func edge(_ user: String, _ subject: Int64, _ predicate: String, _ object: Int64, expired: Bool = false)
                async throws
            {
                try await connection.update(
                    """
                    INSERT INTO relationships (user_id, subject_id, predicate, object_id, valid_to, created_at)
                    VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() - interval '1 day' END, now())
                    """, [.text(user), .int64(subject), .text(predicate), .int64(object), .bool(expired)])
            }
            let alice = try await entity("u1", "Alice")
            let acme = try await entity("u1", "Acme")
            let berlin = try await entity("u1", "Berlin")
            let germany = try await entity("u1", "Germany")
            let oldJob = try await entity("u1", "Initech")
            let bob = try await entity("u1", "Bob")
            try await edge("u1", alice, "works_at", acme)
            try await edge("u1", acme, "located_in", berlin)
            try await edge("u1", berlin, "in", germany)
            try await edge("u1", alice, "worked_at", oldJob, expired: true)
            try await edge("u1", bob, "knows", alice)  // walked against its direction
            // Another user's entity with the same name, linked to a secret: never reached.
            let otherAcme = try await entity("u2", "Acme")
            let secret = try await entity("u2", "Secret project")
            try await edge("u2", otherAcme, "runs", secret)

            let reached = try await PostgresGraphWalk.walk(connection, userID: "u1", from: ["alice"], hops: 2)
            #expect(reached.map(\.name) == ["Alice", "Acme", "Bob", "Berlin"])
            #expect(reached.map(\.hops) == [0, 1, 1, 2])
            let all = try await PostgresGraphWalk.walk(connection, userID: "u1", from: ["alice"], hops: 10)
            #expect(all.map(\.name).contains("Germany"))
            #expect(!all.map(\.name).contains("Initech"))
            #expect(try await PostgresGraphWalk.walk(connection, userID: "u2", from: ["alice"], hops: 3).isEmpty)
        }
    }
}
