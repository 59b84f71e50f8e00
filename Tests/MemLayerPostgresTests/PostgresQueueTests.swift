import Foundation
import Testing

@testable import MemLayerPostgres

@Suite("PostgreSQL extraction queue", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresQueueTests {
    /// The table workers record each processed job in (no unique key: a job processed twice
    /// shows up as two rows).
    static let processedTable =
        "CREATE TABLE queue_test_processed (job_id bigint NOT NULL, worker text NOT NULL, attempts integer NOT NULL)"

    static func enqueue(_ connection: PostgresConnection, count: Int) async throws -> [Int64] {
        try await connection.transaction { connection in
            try (0..<count).map { index in
                try PostgresExtractionQueue.enqueue(connection, userID: "user\(index % 3)", payload: "turn \(index)")
            }
        }
    }

    @Test("worker processes draining one queue at once process every job exactly once")
    func processesDrainOnce() async throws {
        try await PostgresTestServer.withDatabase { connection, url in
            try await connection.execute(Self.processedTable)
            let jobs = try await Self.enqueue(connection, count: 300)
            let workers = try (0..<4).map {
                try QueueWorkerProcess(mode: "drain", worker: "process-\($0)", leaseSeconds: 60, databaseURL: url)
            }
            var reported = 0
            for worker in workers {
                let (status, output, _) = await worker.finish()
                #expect(status == 0, "worker failed: \(output)")
                reported +=
                    Int(output.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
            }
            let processed = try await connection.query(
                "SELECT job_id, worker FROM queue_test_processed ORDER BY job_id")
            #expect(try processed.map { try $0.int64(0) } == jobs)  // each once, none missing
            #expect(reported == jobs.count)
            #expect(try await connection.query("SELECT count(*) FROM extraction_jobs")[0].int64(0) == 0)
            let busy = Set(try processed.map { try $0.string(1) })
            print("queue: 4 worker processes, \(jobs.count) jobs, \(busy.count) of them took jobs")
        }
    }

    @Test("claims racing on separate connections never return the same job")
    func connectionsClaimOnce() async throws {
        try await PostgresTestServer.withDatabase { connection, url in
            let jobs = try await Self.enqueue(connection, count: 200)
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let own = try await PostgresConnection.connect(to: try PostgresURL(url))
                        var ids: [Int64] = []
                        while let job = try await PostgresExtractionQueue.claim(
                            own, worker: "connection-\(index)", lease: .seconds(60))
                        {
                            ids.append(job.id)
                        }
                        await own.close()
                        return ids
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(claimed.sorted() == jobs)
        }
    }

    @Test("a worker killed with SIGKILL mid-job: the job is claimed again once its lease lapses")
    func killedWorkerRetried() async throws {
        try await PostgresTestServer.withDatabase { connection, url in
            let job = try await Self.enqueue(connection, count: 1)[0]
            let worker = try QueueWorkerProcess(mode: "hold", worker: "doomed", leaseSeconds: 3, databaseURL: url)
            #expect(worker.firstLine() == "claimed \(job)")
            await worker.kill9()

            let held = try await connection.query(
                "SELECT claimed_by, attempts, lease_until FROM extraction_jobs WHERE id = $1", [.int64(job)])
            #expect(try held[0].string(0) == "doomed")
            #expect(try held[0].int64(1) == 1)
            let leaseUntil = try held[0].date(2)

            // While the lease runs, nobody else gets the job.
            let early = try await PostgresExtractionQueue.claim(connection, worker: "rescuer", lease: .seconds(60))
            let now = try await connection.query("SELECT now()")[0].date(0)
            if now < leaseUntil { #expect(early == nil) }

            // After it, the job is retried (not lost), and counted as a second attempt.
            var retried = early
            let deadline = Date().addingTimeInterval(60)
            while retried == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(250))
                retried = try await PostgresExtractionQueue.claim(connection, worker: "rescuer", lease: .seconds(60))
            }
            let again = try #require(retried)
            #expect(again.id == job)
            #expect(again.attempts == 2)
            let completed = try await connection.transaction { try PostgresExtractionQueue.complete(again, in: $0) }
            #expect(completed)
            #expect(try await connection.query("SELECT count(*) FROM extraction_jobs")[0].int64(0) == 0)
        }
    }

    @Test("a worker whose lease lapsed cannot complete the job another worker took")
    func staleClaimRefused() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            let jobID = try await Self.enqueue(connection, count: 1)[0]
            // A zero lease lapses at once: the next claim takes the job over.
            let slow = try #require(try await PostgresExtractionQueue.claim(connection, worker: "slow", lease: .zero))
            let fast = try #require(
                try await PostgresExtractionQueue.claim(connection, worker: "fast", lease: .seconds(60)))
            #expect(slow.id == jobID && fast.id == jobID && fast.attempts == 2)
            #expect(try await PostgresExtractionQueue.renew(connection, slow, lease: .seconds(60)) == false)
            #expect(try await connection.transaction { try PostgresExtractionQueue.complete(slow, in: $0) } == false)
            #expect(try await PostgresExtractionQueue.renew(connection, fast, lease: .seconds(60)))
            #expect(try await PostgresExtractionQueue.release(connection, fast, error: "model timed out"))
            let again = try #require(
                try await PostgresExtractionQueue.claim(connection, worker: "third", lease: .seconds(60)))
            #expect(again.attempts == 3)
            #expect(
                try await connection.transaction {
                    try PostgresExtractionQueue.complete(again, keepRecord: true, in: $0)
                })
            let row = try await connection.query("SELECT finished_at IS NOT NULL, last_error FROM extraction_jobs")
            #expect(try row[0].bool(0) && row[0].optionalString(1) == "model timed out")
            #expect(try await PostgresExtractionQueue.claim(connection, worker: "fourth", lease: .seconds(60)) == nil)
        }
    }

    @Test("PGPASSWORD logs a worker in when the URL has no password")
    func passwordFromEnvironment() async throws {
        let password = "EnvOnly-\(UInt32.random(in: 0...UInt32.max))"
        let role = try await PostgresTestServer.createRole(password: password)
        do {
            try await PostgresTestServer.withDatabase { connection, _ in
                try await connection.execute(
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO \(role); GRANT ALL ON SCHEMA public TO \(role)")
                let database = try await connection.query("SELECT current_database()")[0].string(0)
                let url = try PostgresTestServer.url(database: database, user: role)
                let withPassword = try QueueWorkerProcess(
                    mode: "drain", worker: "env", leaseSeconds: 5, databaseURL: url,
                    environment: ["PGPASSWORD": password])
                let (status, output, _) = await withPassword.finish()
                #expect(status == 0)
                #expect(output.contains("processed 0"))
                let wrong = "Not-\(password)"
                let without = try QueueWorkerProcess(
                    mode: "drain", worker: "env", leaseSeconds: 5, databaseURL: url, environment: ["PGPASSWORD": wrong])
                let refused = await without.finish()
                #expect(refused.status != 0)
                #expect(refused.errors.contains("password authentication failed"))
                #expect(!refused.errors.contains(wrong) && !refused.errors.contains(password))
            }
        } catch {
            try await PostgresTestServer.dropRole(role)
            throw error
        }
        try await PostgresTestServer.dropRole(role)
    }
}
