import Foundation
import MemLayerPostgres
import MemLayerTesting
import Testing

/// `--vector-search` / `MEMLAYER_VECTOR_SEARCH` through the real binary against a real server
/// (scripts/test-postgres.sh starts one and sets MEMLAYER_TEST_POSTGRES_URL).
@Suite("CLI: how a PostgreSQL store searches vectors")
struct CLIPostgresVectorSearchTests {
    @Test(
        "--vector-search hnsw builds the index and searches through it; SQLite refuses the flag and ignores the variable",
        .enabled(
            if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] != nil,
            "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test the CLI on PostgreSQL"))
    func hnswFlag() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let sqlite = try cli.run(["stats", "--vector-search", "hnsw"])
        #expect(sqlite.status != 0 && sqlite.stderr.contains("--vector-search is for PostgreSQL stores"))
        let remembered = try cli.run(
            ["remember", "--raw", "Dana lives in Lisbon", "--embedder", "hash"],
            environment: ["MEMLAYER_VECTOR_SEARCH": "hnsw"])
        #expect(remembered.status == 0, "a SQLite store ignores the variable: \(remembered.stderr)")

        let (url, name) = try await CLIPostgresTests.createDatabase()
        do {
            let pg = ["--store", url, "--embedder", "hash"]
            let wrong = try cli.run(["stats", "--vector-search", "fast"] + pg, useStore: false)
            #expect(wrong.status != 0 && wrong.stderr.contains("use exact, hnsw, or hnsw:EF_SEARCH"))
            let badVariable = try cli.run(
                ["stats"] + pg, useStore: false, environment: ["MEMLAYER_VECTOR_SEARCH": "hnsw:0"])
            #expect(badVariable.status != 0 && badVariable.stderr.contains("MEMLAYER_VECTOR_SEARCH"))

            let hnsw = pg + ["--vector-search", "hnsw:80"]
            for text in ["Dana lives in Lisbon", "Bob keeps goats", "Eve paints murals"] {
                let result = try cli.run(["remember", "--raw", text] + hnsw, useStore: false)
                #expect(result.status == 0, "\(result.stderr)")
            }
            let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
            let indexed = try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'memory_vectors_hnsw')")[0].bool(0)
            await connection.close()
            #expect(indexed, "the first open that may write builds the index")
            let found = try cli.run(["search", "Lisbon"] + hnsw, useStore: false)
            #expect(found.status == 0 && found.stdout.contains("Dana lives in Lisbon"), "\(found.stderr)")
            let stats = try cli.run(["stats", "--json"] + hnsw, useStore: false)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
            #expect((object["vector_search"] as? String)?.contains("HNSW index (cosine, ef_search 80") == true)
            let exact = try cli.run(["stats", "--json"] + pg, useStore: false)
            #expect(exact.stdout.contains("exact cosine"))
        } catch {
            try await CLIPostgresTests.dropDatabase(name)
            throw error
        }
        try await CLIPostgresTests.dropDatabase(name)
    }
}
