import CSQLite
import Foundation

/// Takes a store's write lock from a connection of its own, as another process's long import
/// does, and gives it back after `seconds` on a thread of its own.
///
/// `@unchecked Sendable`: the handle is used by `init`, then only by the releasing thread, then
/// by `deinit` once `waitUntilReleased` has returned.
final class WriteLockHolder: @unchecked Sendable {
    struct Failure: Error {
        let message: String
    }

    private let db: OpaquePointer
    private let released = DispatchSemaphore(value: 0)

    init(path: String, seconds: Double) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK,
            let handle
        else {
            sqlite3_close(handle)
            throw Failure(message: "cannot open \(path)")
        }
        guard sqlite3_exec(handle, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            sqlite3_close(handle)
            throw Failure(message: "cannot take the write lock of \(path)")
        }
        db = handle
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: seconds)
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
            released.signal()
        }
    }

    /// Blocks until the lock has been given back.
    func waitUntilReleased() { released.wait() }

    deinit { sqlite3_close(db) }
}
