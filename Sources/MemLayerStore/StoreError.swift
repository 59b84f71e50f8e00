import Foundation

/// Why the memory store could not do what was asked.
///
/// SQLite failures carry the result code, SQLite's message and the SQL text — never the values
/// bound to it, which may be private memory text.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// SQLite returned an error code.
        case sqlite
        /// The store was made with another embedder than the one it was opened with.
        case embedderMismatch
        /// A vector's dimension differs from the store's embedder.
        case dimensionMismatch
        /// No memory with the given id exists for this user.
        case notFound
        /// The caller passed something unusable (empty text, bad path).
        case invalidInput
        /// The file is not a MemLayer store, or is from a newer version.
        case incompatibleFile
        /// The store was closed.
        case closed
        /// Another process or task holds a claim this operation needs (a running re-index), or
        /// kept the store's write lock for all of ``MemoryStore/lockWait``.
        case busy
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A one-line explanation that says what to do next.
    public let message: String
    /// SQLite's primary or extended result code, for `.sqlite` errors.
    public let sqliteCode: Int32?
    /// The SQL statement that failed, if any (never its bound values).
    public let sql: String?

    /// Creates an error; `sqliteCode` and `sql` describe a failing SQLite call.
    public init(_ kind: Kind, _ message: String, sqliteCode: Int32? = nil, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqliteCode = sqliteCode
        self.sql = sql
    }

    public var description: String {
        var text = message
        if let sqliteCode { text += " (SQLite code \(sqliteCode))" }
        if let sql { text += " in `\(sql)`" }
        return text
    }
}

extension StoreError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
