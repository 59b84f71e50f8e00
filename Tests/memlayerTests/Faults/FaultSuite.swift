import CSQLite
import Foundation
import Synchronization

/// The standing fault suite's shared parts (issue 15): how many rounds to run, a tally printed
/// for the README's figures, and the checks every round ends with.
///
/// `swift test` runs a short version of each category (CI). `MEMLAYER_FAULT_ROUNDS=N` multiplies
/// every category's rounds by N:
///
///     MEMLAYER_FAULT_ROUNDS=20 swift test --skip-build --filter Fault
enum FaultSuite {
    /// The multiplier from `MEMLAYER_FAULT_ROUNDS` (1 when unset or not a positive number).
    static var multiplier: Int {
        max(1, Int(ProcessInfo.processInfo.environment["MEMLAYER_FAULT_ROUNDS"] ?? "") ?? 1)
    }

    /// `base` rounds, times the multiplier.
    static func rounds(_ base: Int) -> Int { base * multiplier }

    /// Prints one category's figures as a line the long run's log is searched for.
    static func report(_ category: String, runs: Int, crashes: Int, losses: Int, leaks: Int = 0, note: String = "") {
        print(
            "fault-suite: \(category): \(runs) runs, \(crashes) crashes, \(losses) losses, \(leaks) leaks"
                + (note.isEmpty ? "" : " (\(note))"))
    }

    /// Waits until `condition` holds, polling every 2 ms, for at most `seconds`.
    static func wait(seconds: Double = 30, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(2_000)
        }
        return try condition()
    }
}

/// A plain SQLite connection to a store, for the checks after a fault: what a user's tools would
/// see if they opened the file themselves.
final class StoreProbe {
    private var db: OpaquePointer?

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            throw Failure(description: "cannot open \(path)")
        }
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close(db) }

    /// The first column of every row of `sql`, as text.
    func texts(_ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
            rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    func integer(_ sql: String) throws -> Int { Int(try texts(sql).first ?? "") ?? -1 }

    /// Everything wrong with the file: SQLite's integrity and foreign-key checks, the full-text
    /// index against its table. Empty when the store is sound.
    func problems() throws -> [String] {
        var found = try texts("PRAGMA integrity_check").filter { $0 != "ok" }
        found += try texts("PRAGMA foreign_key_check").map { "foreign key: \($0)" }
        do {
            _ = try texts("INSERT INTO memories_fts (memories_fts, rank) VALUES ('integrity-check', 1)")
        } catch {
            found.append("full-text index: \(error)")
        }
        return found
    }
}

/// Reads a child's standard output as it arrives, for tests that act on what it has printed.
final class OutputWatcher: Sendable {
    private let buffer = Mutex(Data())
    private let pipe = Pipe()

    /// Starts `process` with its standard output read here.
    init(_ process: Process) throws {
        process.standardOutput = pipe
        let handle = pipe.fileHandleForReading
        handle.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                buffer.withLock { $0.append(data) }
            }
        }
        try process.run()
    }

    var text: String { buffer.withLock { String(decoding: $0, as: UTF8.self) } }
}
