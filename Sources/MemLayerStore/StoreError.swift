import Foundation

/// Why the memory store could not do what was asked.
///
/// The same error whatever keeps the data: callers branch on ``kind`` and show ``message``. A
/// database failure keeps what the database said (SQLite's result code and the SQL text) as
/// context inside, shown by ``description`` — never the values bound to it, which may be private
/// memory text.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// The database failed (a damaged file, a full disk, a lost connection); ``message`` says
        /// what the database reported.
        case database
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
        /// kept the store's write lock for all of ``SQLiteMemoryStore/lockWait``.
        case busy

        /// The database failed.
        @available(*, deprecated, renamed: "database")
        public static var sqlite: Kind { .database }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A one-line explanation that says what to do next.
    public let message: String
    /// SQLite's primary or extended result code, for a failing SQLite call (context, not API:
    /// another store has other codes).
    package let sqliteCode: Int32?
    /// The statement that failed, if any (never its bound values).
    package let sql: String?
    /// Other context a store adds (a PostgreSQL SQLSTATE, say), shown by ``description``.
    package let detail: String?

    /// Creates an error of `kind` explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.init(kind, message, sqliteCode: nil, sql: nil, detail: nil)
    }

    /// An error from a failing SQLite call (`sqliteCode`, `sql`), or with another store's `detail`.
    package init(_ kind: Kind, _ message: String, sqliteCode: Int32?, sql: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqliteCode = sqliteCode
        self.sql = sql
        self.detail = detail
    }

    public var description: String {
        var text = message
        if let sqliteCode { text += " (SQLite code \(sqliteCode))" }
        if let detail { text += " (\(detail))" }
        if let sql { text += " in `\(sql)`" }
        return text
    }
}

extension StoreError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
