import Foundation
import MemLayer
import MemLayerPostgres

/// `memlayer-bench-stores`: the same memories in SQLite (+ CMemVec) and PostgreSQL (exact and
/// HNSW), searched the way `search_memory` searches, at several sizes; prints Markdown tables.
/// Benchmarks/run-stores.sh starts the server and passes the settings through the environment:
///
/// - `MEMLAYER_TEST_POSTGRES_URL`: a server with pgvector (each size gets its own database);
///   `MEMLAYER_POSTGRES_PID`: its postmaster, whose CPU time is counted with ours.
/// - `STORES_SIZES` (default `10000 100000 1000000`): the measured user's memories.
/// - `STORES_REAL_UP_TO` (default 100000): sizes up to this use real MiniLM vectors of every
///   sentence (embedded once, cached in ~/.cache/memlayer/bench); larger sizes reuse the vectors
///   of the first sentences with noise, labelled synthetic.
/// - `STORES_PASSES`: timed passes over the 40 questions (default 3, and 1 above 100k).
/// - `STORES_IMPORT_BATCH` (default 50000): rows per import call.
/// - `STORES_EF_SEARCH` (default `40 100`; 40 is pgvector's default): one HNSW row each.
/// - `STORES_KEEP_DATABASE=1`: leaves each size's database on the server, to look at query plans.
@main
struct StoreBench {
    static func main() async {
        do {
            try await run()
        } catch {
            progress("failed: \(error)")
            exit(2)
        }
    }

    static func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func number(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap { Int($0) } ?? fallback }
        guard let url = environment["MEMLAYER_TEST_POSTGRES_URL"] else {
            throw BenchFailure("MEMLAYER_TEST_POSTGRES_URL is not set (Benchmarks/run-stores.sh sets it)")
        }
        let sizes = (environment["STORES_SIZES"] ?? "10000 100000 1000000").split(separator: " ").compactMap { Int($0) }
        let realUpTo = number("STORES_REAL_UP_TO", 100_000)
        let models =
            environment["MEMLAYER_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("models")
        let minilm = try MiniLMEmbedder(directory: models.appendingPathComponent("cache/all-MiniLM-L6-v2"))

        // Every vector the run needs, embedded before anything is timed.
        let cache = try SentenceVectors()
        let realSizes = sizes.filter { $0 <= realUpTo }
        let needed = (realSizes.max().map { $0 + $0 / 4 } ?? 0)
        let baseCount = max(needed, realUpTo + realUpTo / 4)
        try await cache.ensure(sizes.contains { $0 > realUpTo } ? baseCount : needed, embedder: minilm)
        let questionVectors = try await minilm.embed(SentenceCorpus.questions)
        let vectors = Dictionary(uniqueKeysWithValues: zip(SentenceCorpus.questions, questionVectors))
        let embedder = PrecomputedEmbedder(id: minilm.id, dimension: minilm.dimension, vectors: vectors)
        // Exact search on PostgreSQL takes seconds a query at 1M: one timed pass there.
        let fixedPasses = environment["STORES_PASSES"].flatMap { Int($0) }
        func passes(_ size: Int) -> Int { fixedPasses ?? (size <= 100_000 ? 3 : 1) }

        let report = StoreReport(
            settings: try await serverSettings(url),
            passes: fixedPasses.map { "\($0) timed passes" } ?? "3 timed passes (1 above 100k)",
            questions: SentenceCorpus.questions.count,
            efSearches: (environment["STORES_EF_SEARCH"] ?? "40 100").split(separator: " ").compactMap { Int($0) })
        var results: [(dataset: StoreDataset, results: [StoreResult], seconds: Double)] = []
        for size in sizes {
            let dataset = StoreDataset(
                size: size, vectors: size <= realUpTo ? .real : .noisyCopies(base: baseCount), cache: cache)
            let began = ContinuousClock.now
            let run = SizeRun(
                dataset: dataset,
                rounds: SearchRounds(questions: SentenceCorpus.questions, vectors: vectors, passes: passes(size)),
                embedder: embedder,
                importBatch: number("STORES_IMPORT_BATCH", 50_000),
                postgresURL: url, postmaster: environment["MEMLAYER_POSTGRES_PID"].flatMap { Int32($0) },
                efSearches: report.efSearches)
            let measured = try await run.run()
            let seconds = (ContinuousClock.now - began).seconds
            progress("size \(size) took \(format(seconds, 0)) s")
            results.append((dataset, measured, seconds))
            // Each size's tables as soon as they exist, so a long run shows progress.
            FileHandle.standardError.write(Data((report.tables(results).joined(separator: "\n") + "\n").utf8))
        }
        print(report.tables(results).joined(separator: "\n"))
    }

    /// The server's version and the settings that matter for these numbers.
    static func serverSettings(_ url: String) async throws -> String {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
        let names = [
            "server_version", "shared_buffers", "maintenance_work_mem", "work_mem", "effective_cache_size",
            "max_parallel_workers_per_gather", "max_parallel_maintenance_workers", "synchronous_commit", "fsync",
        ]
        var parts: [String] = []
        for name in names {
            parts.append("\(name) = \(try await connection.query("SHOW \(name)")[0].string(0))")
        }
        let pgvector =
            try await connection.query(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            ).first.map { try $0.string(0) } ?? "?"
        await connection.close()
        return parts.joined(separator: ", ") + ", pgvector \(pgvector)"
    }
}
