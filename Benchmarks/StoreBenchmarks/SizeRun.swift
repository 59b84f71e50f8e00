import Foundation
import MemLayer
import MemLayerPostgres
import MemLayerStore

/// One store's results at one size.
struct StoreResult {
    let store: String
    var timings = SearchTimings()
    /// The measured user's rows per second through `importRecords`, and the other users'.
    var importRate = 0.0
    var othersRate = 0.0
    /// What had to happen before the first search: SQLite opens the file and loads the vector
    /// index on the first search; PostgreSQL runs VACUUM ANALYZE, HNSW also builds its index.
    var preparation: [String] = []
    var recall: Double?
}

/// Imports one dataset into SQLite and PostgreSQL (exact, then with an HNSW index) and measures
/// each; the stores are built one after the other so they never compete for the cores.
struct SizeRun {
    let dataset: StoreDataset
    let rounds: SearchRounds
    let embedder: PrecomputedEmbedder
    let importBatch: Int
    let postgresURL: String
    let postmaster: Int32?
    let efSearches: [Int]

    func run() async throws -> [StoreResult] {
        let base: [Float]?
        if case .noisyCopies(let count) = dataset.vectors {
            base = try dataset.cache.read(0..<count)
        } else {
            base = nil
        }
        var results = [try await sqlite(base: base)]
        results += try await postgres(base: base)
        // SQLite and PostgreSQL exact must agree: both are exact cosine over the same vectors.
        let reference = results[1].timings.topIDs
        results[0].recall = SearchRounds.recall(results[0].timings.topIDs, against: reference)
        results[1].recall = 1
        for index in results.indices.dropFirst(2) {
            results[index].recall = SearchRounds.recall(
                results[index].timings.topRows, against: results[1].timings.topRows)
        }
        return results
    }

    /// Imports every row in batches of ``importBatch`` (each user's share of a batch is one
    /// `importRecords` call, as one `memlayer import` file); returns the seconds spent on the
    /// measured user's rows and on the others'.
    private func load(_ engine: MemoryEngine, base: [Float]?) async throws -> (user: Double, others: Double) {
        var user = 0.0
        var others = 0.0
        for start in stride(from: 0, to: dataset.total, by: importBatch) {
            for group in try dataset.rows(start..<min(start + importBatch, dataset.total), base: base) {
                let began = ContinuousClock.now
                let report = try await engine.importRecords(group.memories, userID: group.user)
                guard report.duplicates.isEmpty else { throw BenchFailure("\(report.duplicates.count) duplicates") }
                let seconds = (ContinuousClock.now - began).seconds
                if group.user == StoreDataset.measuredUser { user += seconds } else { others += seconds }
            }
            progress("  imported \(min(start + importBatch, dataset.total))/\(dataset.total)")
        }
        return (user, others)
    }

    private func sqlite(base: [Float]?) async throws -> StoreResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "memlayer-stores-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bench.sqlite").path
        var result = StoreResult(store: "SQLite + CMemVec")
        progress("SQLite, \(dataset.size): importing")
        do {
            let store = try SQLiteMemoryStore(location: .file(path))
            let engine = try await MemoryEngine(store: store, embedder: embedder)
            let seconds = try await load(engine, base: base)
            result.importRate = Double(dataset.size) / seconds.user
            result.othersRate = Double(dataset.othersCount) / seconds.others
            await store.close()
        }
        // A new process's view: open the file, then the first search loads the vector index.
        let began = ContinuousClock.now
        let store = try SQLiteMemoryStore(location: .file(path))
        let engine = try await MemoryEngine(store: store, embedder: embedder)
        _ = try await engine.search(rounds.questions[0], userID: StoreDataset.measuredUser, tier: .balanced, limit: nil)
        result.preparation.append("open + first search \(format((ContinuousClock.now - began).seconds * 1000, 0)) ms")
        progress("SQLite, \(dataset.size): searching")
        result.timings = try await rounds.measure(engine: engine, store: store, cpu: CPUMeter(server: nil))
        await store.close()
        return result
    }

    private func postgres(base: [Float]?) async throws -> [StoreResult] {
        let database = "stores_\(dataset.size)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(to: try PostgresURL(postgresURL))
        try await admin.execute("CREATE DATABASE \(database)")
        let url = postgresURL.replacingOccurrences(
            of: #"/[^/?]*(\?|$)"#, with: "/\(database)$1", options: .regularExpression)
        let cpu = CPUMeter(server: postmaster)

        var exact = StoreResult(store: "PostgreSQL exact")
        let store = try await PostgresMemoryStore.open(url)
        let engine = try await MemoryEngine(store: store, embedder: embedder)
        progress("PostgreSQL, \(dataset.size): importing")
        let seconds = try await load(engine, base: base)
        exact.importRate = Double(dataset.size) / seconds.user
        exact.othersRate = Double(dataset.othersCount) / seconds.others
        let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
        let vacuum = try await ContinuousClock().measure { try await connection.execute("VACUUM ANALYZE") }
        exact.preparation.append("VACUUM ANALYZE \(format(vacuum.seconds, 1)) s")
        progress("PostgreSQL exact, \(dataset.size): searching")
        exact.timings = try await rounds.measure(engine: engine, store: store, cpu: cpu)

        progress("PostgreSQL, \(dataset.size): building the HNSW index")
        let build = try await ContinuousClock().measure { try await store.createHNSWIndex() }
        try await connection.execute("ANALYZE memory_vectors")
        let size = try await connection.query(
            """
            SELECT pg_size_pretty(pg_relation_size('memory_vectors_hnsw')),
                pg_size_pretty(pg_total_relation_size('memory_vectors'))
            """)[0]
        let built =
            "HNSW build \(format(build.seconds, 1)) s (index \(try size.string(0)); "
            + "vectors table \(try size.string(1)))"
        await store.close()
        var results = [exact]
        for efSearch in efSearches {
            var hnsw = StoreResult(store: "PostgreSQL HNSW, ef_search \(efSearch)")
            hnsw.importRate = exact.importRate
            hnsw.othersRate = exact.othersRate
            hnsw.preparation = [built]
            let indexed = try await PostgresMemoryStore.open(url, vectorSearch: .hnsw(efSearch: efSearch))
            let indexedEngine = try await MemoryEngine(store: indexed, embedder: embedder)
            progress("PostgreSQL HNSW ef_search \(efSearch), \(dataset.size): searching")
            hnsw.timings = try await rounds.measure(engine: indexedEngine, store: indexed, cpu: cpu)
            await indexed.close()
            results.append(hnsw)
        }
        await connection.close()
        if ProcessInfo.processInfo.environment["STORES_KEEP_DATABASE"] == "1" {
            progress("kept database \(database) (STORES_KEEP_DATABASE=1), to look at query plans")
        } else {
            try await admin.execute("DROP DATABASE \(database)")
        }
        await admin.close()
        return results
    }
}
