import Foundation
import MemLayerPostgres

// A queue worker in its own process, for MemLayerPostgresTests (several drain one queue at once,
// and one is killed with SIGKILL while it holds a job) and Benchmarks/run-postgres-queue.sh.
//
//   memlayer-postgres-queue-worker drain WORKER LEASE_SECONDS
//       claims jobs until none is left; for each, records (job, worker) in queue_test_processed
//       and completes the job in one transaction. Prints "processed N".
//   memlayer-postgres-queue-worker hold WORKER LEASE_SECONDS
//       claims one job, prints "claimed ID", and waits to be killed.
//   memlayer-postgres-queue-worker setup JOBS
//       migrates the database, creates queue_test_processed and enqueues JOBS jobs.
//
// Through the store protocol, on SQLite or PostgreSQL (MEMLAYER_QUEUE_STORE: a file path or a
// postgres:// URL), for Benchmarks/run-queue.sh:
//   memlayer-postgres-queue-worker store-setup JOBS | store-drain | store-count
//   memlayer-postgres-queue-worker database create|drop NAME   (next to MEMLAYER_TEST_POSTGRES_URL's)
//
// The database URL comes from MEMLAYER_TEST_POSTGRES_URL (not an argument: `ps` shows those).

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("queue-worker: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "store-setup":
        guard arguments.count == 3, let count = Int(arguments[2]), count >= 0 else { fail("usage: store-setup JOBS") }
        try await StoreQueueWorker.setup(jobs: count)
        exit(0)
    case "store-drain":
        try await StoreQueueWorker.drain()
        exit(0)
    case "store-count":
        try await StoreQueueWorker.count()
        exit(0)
    case "database":
        guard arguments.count == 4 else { fail("usage: database create|drop NAME") }
        try await StoreQueueWorker.database(arguments[2], name: arguments[3])
        exit(0)
    default: break
    }
} catch {
    fail("\(error)")
}
let usage = "usage: memlayer-postgres-queue-worker drain|hold WORKER LEASE_SECONDS | setup JOBS"
guard arguments.count >= 3 else { fail(usage) }
let mode = arguments[1]
let (worker, lease) = (arguments[2], Duration.seconds(Int(arguments.count == 4 ? arguments[3] : "") ?? 60))
guard let urlText = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] else {
    fail("MEMLAYER_TEST_POSTGRES_URL is not set")
}

do {
    let connection = try await PostgresConnection.connect(to: try PostgresURL(urlText))
    switch mode {
    case "drain":
        var processed = 0
        while let job = try await PostgresExtractionQueue.claim(connection, worker: worker, lease: lease) {
            let completed = try await connection.transaction { connection in
                try connection.query(
                    "INSERT INTO queue_test_processed (job_id, worker, attempts) VALUES ($1, $2, $3)",
                    [.int64(job.id), .text(worker), .int64(Int64(job.attempts))])
                guard try PostgresExtractionQueue.complete(job, in: connection) else {
                    throw PostgresError(.invalidInput, "job \(job.id) was taken over; rolled back")
                }
                return true
            }
            if completed { processed += 1 }
        }
        print("processed \(processed)")
    case "hold":
        guard let job = try await PostgresExtractionQueue.claim(connection, worker: worker, lease: lease) else {
            fail("no job to claim")
        }
        // Written unbuffered: the test reads this line while the process is still running.
        FileHandle.standardOutput.write(Data("claimed \(job.id)\n".utf8))
        try await Task.sleep(for: .seconds(3600))
    case "setup":
        guard let count = Int(arguments[2]), count >= 0 else { fail(usage) }
        try await PostgresSchema.migrate(connection)
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS queue_test_processed (
                job_id bigint NOT NULL, worker text NOT NULL, attempts integer NOT NULL)
            """)
        try await connection.transaction { connection in
            for index in 0..<count {
                try PostgresExtractionQueue.enqueue(connection, userID: "user\(index % 3)", payload: "turn \(index)")
            }
        }
    default:
        fail(usage)
    }
} catch {
    fail("\(error)")
}
