import CLibPQ
import Foundation

/// Sends the server a cancel request for the statement a cancelled task is waiting on.
///
/// libpq's `PQcancel` may be called from any thread while the connection's own thread is blocked
/// in a query. A cancel request stops whatever the backend is running when it arrives, so it is
/// only sent while the cancelled task's work is the one running (`running` matches its id), with
/// the lock held so that work cannot end and another begin in between; a backend that has gone
/// idle by the time the request lands ignores it.
final class QueryCanceller: @unchecked Sendable {
    // `cancel` and `running` are only touched with `lock` held.
    private let lock = NSLock()
    private var cancel: OpaquePointer?
    private var running: UInt64 = 0
    private var lastID: UInt64 = 0

    deinit { if let cancel { PQfreeCancel(cancel) } }

    /// Takes the cancel key of a new connection.
    func attach(_ connection: OpaquePointer) {
        lock.withLock {
            if let cancel { PQfreeCancel(cancel) }
            cancel = PQgetCancel(connection)
        }
    }

    /// A fresh id for one piece of cancellable work.
    func nextID() -> UInt64 {
        lock.withLock {
            lastID += 1
            return lastID
        }
    }

    /// Marks work `id` as running (0: none).
    func setRunning(_ id: UInt64) { lock.withLock { running = id } }

    /// Cancels the running statement if it belongs to work `id`.
    func cancel(_ id: UInt64) {
        lock.withLock {
            guard running == id, let cancel else { return }
            var reason = [CChar](repeating: 0, count: 256)
            _ = PQcancel(cancel, &reason, Int32(reason.count))  // best effort: the task throws either way
        }
    }
}
