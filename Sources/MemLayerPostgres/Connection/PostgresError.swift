/// Why a PostgreSQL call failed.
///
/// Server errors carry the SQLSTATE (`23505` for a unique violation, `40001` for a serialization
/// failure) and the SQL text, never the values bound to it, which may be private memory text.
/// Connection errors name the server by its redacted URL: no password reaches a message.
package struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    package enum Kind: Sendable, Equatable {
        /// The text is not a usable `postgres://` URL.
        case invalidURL
        /// The server could not be reached, or refused the login.
        case connection
        /// The connection was lost or closed; open a new one.
        case connectionLost
        /// The server rejected a statement (see ``PostgresError/sqlState``).
        case server
        /// A value cannot be sent as given (text holding a NUL character, an oversized vector).
        case invalidInput
        /// A value read back was not of the type asked for.
        case decoding
        /// The database's schema is newer than this code, or not MemLayer's.
        case incompatibleSchema
    }

    /// What kind of failure this is.
    package let kind: Kind
    /// A one-line explanation that says what to do next.
    package let message: String
    /// The server's five-character SQLSTATE, for `.server` errors.
    package let sqlState: String?
    /// The statement that failed, if any (never its bound values).
    package let sql: String?

    /// Creates an error; `sqlState` and `sql` describe a statement the server rejected.
    package init(_ kind: Kind, _ message: String, sqlState: String? = nil, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.sql = sql
    }

    package var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let sql { text += " in `\(sql)`" }
        return text
    }

    /// True for the errors a retry of the whole transaction can fix: serialization failures
    /// and deadlocks (SQLSTATE `40001`, `40P01`).
    package var isTransient: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// True when a unique or exclusion constraint refused a row (SQLSTATE `23505`, `23P01`).
    package var isUniqueViolation: Bool { sqlState == "23505" || sqlState == "23P01" }
}
