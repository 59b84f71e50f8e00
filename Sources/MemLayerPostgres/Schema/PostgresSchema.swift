/// The PostgreSQL store's tables, created and upgraded by ``migrate(_:createIfMissing:)``.
///
/// The applied version is a row in `memlayer_schema`. Migrations run in one transaction under
/// an advisory lock, so several processes opening a new database at once apply each migration
/// exactly once and never see half a schema; a database whose version is newer than the code
/// knows is refused rather than guessed at.
package enum PostgresSchema {
    /// Migration `i` upgrades a database from version `i` to `i + 1`.
    package static let migrations: [String] = [version1, version2]

    /// The version this code writes.
    package static var currentVersion: Int { migrations.count }

    /// The advisory lock key migrations hold (the ASCII of "memlayer" read as a 64-bit number).
    static let migrationLock: Int64 = 0x6d65_6d6c_6179_6572

    /// Brings the database to ``currentVersion``; returns the version it had before. A store
    /// already current is only read (no lock, no DDL), so an account that may not create tables,
    /// or a read-only standby, can open it.
    ///
    /// With `createIfMissing` false, a database that holds no store is an error and nothing is
    /// created in it (an older store is still upgraded).
    /// - Throws: `PostgresError` `.incompatibleSchema` for a newer database, or when the
    ///   account may not create the pgvector extension (with what to ask an administrator);
    ///   `.invalidInput` for a database without a store when `createIfMissing` is false.
    @discardableResult
    package static func migrate(_ connection: PostgresConnection, createIfMissing: Bool = true) async throws -> Int {
        let found = try await storedVersion(connection)
        if let found, found == currentVersion { return found }
        if found == nil, !createIfMissing {
            throw PostgresError(
                .invalidInput,
                "the database \(connection.url.redacted) holds no MemLayer store (nothing was created); check the "
                    + "URL, or create the store by opening it to write (a memlayer command that writes, such as "
                    + "`memlayer remember` or `memlayer import`, creates it)")
        }
        return try await connection.transaction { connection in
            try requireSupportedServer(connection)
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.int64(migrationLock)])
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS memlayer_schema (
                    version    integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let found = try connection.query("SELECT coalesce(max(version), 0) FROM memlayer_schema")
            let version = Int(try found[0].int64(0))
            guard version <= currentVersion else {
                throw PostgresError(
                    .incompatibleSchema,
                    "the database \(connection.url.redacted) holds a MemLayer store of version \(version); "
                        + "this memlayer knows versions up to \(currentVersion): upgrade memlayer")
            }
            for next in version..<currentVersion {
                do {
                    try connection.execute(migrations[next])
                } catch let error as PostgresError where error.sqlState == "42501" {
                    throw PostgresError(
                        .incompatibleSchema,
                        "the account may not set up the store in \(connection.url.redacted) (\(error.message)); "
                            + "ask an administrator to run CREATE EXTENSION vector in that database, "
                            + "or to grant CREATE on it",
                        sqlState: error.sqlState)
                }
                try connection.query("INSERT INTO memlayer_schema (version) VALUES ($1)", [.int64(Int64(next + 1))])
            }
            return version
        }
    }

    /// The store's version, read without writing; nil when the database holds no store.
    static func storedVersion(_ connection: PostgresConnection) async throws -> Int? {
        let table = try await connection.query("SELECT to_regclass('memlayer_schema') IS NOT NULL")
        guard try table[0].bool(0) else { return nil }
        let found = try await connection.query("SELECT coalesce(max(version), 0) FROM memlayer_schema")
        return Int(try found[0].int64(0))
    }

    /// The oldest PostgreSQL the schema runs on: 16, for `IS JSON` (the turn-place index).
    static let oldestServerVersion = 160_000

    /// Fails with a clear error on a server older than ``oldestServerVersion``, before any DDL
    /// (whose syntax error would otherwise quote the whole migration).
    static func requireSupportedServer(_ connection: isolated PostgresConnection) throws {
        let number = try connection.query("SELECT current_setting('server_version_num')::bigint")[0].int64(0)
        guard number < oldestServerVersion else { return }
        let version = try connection.query("SELECT current_setting('server_version')")[0].string(0)
        throw PostgresError(
            .incompatibleSchema,
            "\(connection.url.redacted) runs PostgreSQL \(version); a MemLayer store needs PostgreSQL 16 or later "
                + "(with the pgvector extension)")
    }
}
