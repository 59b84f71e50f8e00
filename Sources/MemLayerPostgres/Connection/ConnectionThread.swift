import Foundation

/// A serial executor that runs its jobs on one dedicated thread.
///
/// libpq's calls block until the server answers. Run on Swift's cooperative pool (one thread per
/// core: two on the machines this runs on), a few connections waiting for a slow query or a lock
/// would stall every task in the process. Each ``PostgresConnection`` actor runs on its own
/// thread instead, so waiting on the network never takes a pool thread.
final class ConnectionThread: SerialExecutor, @unchecked Sendable {
    // The queue and the flag are only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    /// Starts the thread, named `name` (shown by debuggers and `top -H`).
    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread end once the jobs already queued have run.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while let job = next() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    /// The next job, waiting for one; nil when shut down and drained.
    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopping { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }
}
