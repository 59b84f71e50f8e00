import Foundation
import Testing

@testable import MemLayerPostgres

/// The real server the suites run against: `scripts/test-postgres.sh` starts one and sets
/// MEMLAYER_TEST_POSTGRES_URL. Without it the suites are skipped, and say so.
enum PostgresTestServer {
    static let url: String? = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"]

    static let skipNote: Comment =
        "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test against a real PostgreSQL"

    /// `url` with its database replaced by `database` (and its user by `user`, password optional).
    static func url(database: String, user: String? = nil, password: String? = nil) throws -> String {
        guard let base = url, var components = URLComponents(string: base) else {
            throw PostgresError(.invalidURL, "MEMLAYER_TEST_POSTGRES_URL is unset or not a URL")
        }
        components.path = "/" + database
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string!
    }

    /// Runs `body` with a connection to a new, migrated database of its own (suites run in
    /// parallel), dropped afterwards.
    static func withDatabase<T: Sendable>(
        migrated: Bool = true, _ body: (PostgresConnection, String) async throws -> T
    ) async throws -> T {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await PostgresConnection.connect(to: try PostgresURL(url!))
        try await admin.execute("CREATE DATABASE \(name)")
        let databaseURL = try url(database: name)
        let result: Result<T, any Error>
        do {
            let connection = try await PostgresConnection.connect(to: try PostgresURL(databaseURL))
            if migrated { try await PostgresSchema.migrate(connection) }
            do {
                result = .success(try await body(connection, databaseURL))
            } catch {
                result = .failure(error)
            }
            await connection.close()
        } catch {
            result = .failure(error)
        }
        try await admin.execute("DROP DATABASE \(name) WITH (FORCE)")
        await admin.close()
        return try result.get()
    }

    /// Runs `body` with the URL of a new, empty database of its own, dropped afterwards.
    static func withEmptyDatabase<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        try await withDatabase(migrated: false) { _, url in try await body(url) }
    }

    /// A login role with `password`, dropped by the caller through `dropRole`.
    static func createRole(password: String) async throws -> String {
        let name = "role_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try await PostgresConnection.connect(to: try PostgresURL(url!))
        try await admin.execute("CREATE ROLE \(name) LOGIN PASSWORD '\(password)'")
        await admin.close()
        return name
    }

    static func dropRole(_ name: String) async throws {
        let admin = try await PostgresConnection.connect(to: try PostgresURL(url!))
        try await admin.execute("DROP ROLE IF EXISTS \(name)")
        await admin.close()
    }
}
