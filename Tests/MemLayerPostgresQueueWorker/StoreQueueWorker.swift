import Foundation
import MemLayerPostgres
import MemLayerStore

/// The queue through the store protocol, on either store, for Benchmarks/run-queue.sh: the store
/// is a SQLite file path or a postgres:// URL in MEMLAYER_QUEUE_STORE.
enum StoreQueueWorker {
    static func open() async throws -> any MemoryStoring {
        guard let location = ProcessInfo.processInfo.environment["MEMLAYER_QUEUE_STORE"] else {
            throw StoreError(.invalidInput, "MEMLAYER_QUEUE_STORE is not set")
        }
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresMemoryStore.open(location)
        }
        return try SQLiteMemoryStore(location: .file(location))
    }

    /// Queues `count` jobs, a thousand per transaction.
    static func setup(jobs count: Int) async throws {
        let store = try await open()
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        for start in stride(from: 0, to: count, by: 1000) {
            let turns = (start..<min(count, start + 1000)).map {
                ConversationTurn(user: "turn \($0)", assistant: "", at: base.addingTimeInterval(Double($0)))
            }
            try await store.enqueue(turns, userID: "user\(start / 1000 % 3)")
        }
        await store.close()
    }

    /// Claims jobs until none is left, finishing each with a trivial write (the job ends and one
    /// history line is written, in one transaction); prints each job it claimed, one per line
    /// ("claimed ID"), then "processed N".
    static func drain() async throws {
        let store = try await open()
        let holder = ClaimHolder.newWorker()
        var lines = ""
        var processed = 0
        while let job = try await store.claimJob(for: holder, lease: .seconds(60)) {
            lines += "claimed \(job.id)\n"
            if try await store.closeJob(job.id, keptAs: "bench", userID: job.userID, reason: "queue benchmark") {
                processed += 1
            }
        }
        await store.close()
        FileHandle.standardOutput.write(Data((lines + "processed \(processed)\n").utf8))
    }

    /// Prints the jobs still queued.
    static func count() async throws {
        let store = try await open()
        let left = try await store.queuedJobs(userID: nil, limit: Int.max).count
        await store.close()
        print(left)
    }

    /// Creates (`create`) or drops a database next to MEMLAYER_TEST_POSTGRES_URL's; prints its URL.
    static func database(_ action: String, name: String) async throws {
        guard let base = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"],
            var components = URLComponents(string: base)
        else { throw StoreError(.invalidInput, "MEMLAYER_TEST_POSTGRES_URL is not set") }
        let admin = try await PostgresConnection.connect(to: try PostgresURL(base))
        try await admin.execute(action == "create" ? "CREATE DATABASE \(name)" : "DROP DATABASE \(name) WITH (FORCE)")
        await admin.close()
        components.path = "/" + name
        print(components.string ?? "")
    }
}
