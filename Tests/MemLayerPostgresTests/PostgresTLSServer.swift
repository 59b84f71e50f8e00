import Foundation
import Testing

/// The TLS servers `scripts/test-postgres-tls.sh` starts (see scripts/postgres-tls.sh): Debian's
/// PostgreSQL accepting TLS connections only, and PgBouncer terminating TLS in front of a
/// pgvector server. Both present a certificate for `localhost` signed by a throwaway CA. Without
/// them the TLS suites are skipped, and say so.
enum PostgresTLSServer {
    static let environment = ProcessInfo.processInfo.environment
    /// The hostssl-only Debian server (role `memlayer` without a password).
    static let port = environment["MEMLAYER_TEST_POSTGRES_TLS_PORT"]
    /// PgBouncer with TLS, user `memlayer` with ``bouncerPassword``, pgvector behind it.
    static let bouncerPort = environment["MEMLAYER_TEST_PGBOUNCER_TLS_PORT"]
    static let bouncerPassword = environment["MEMLAYER_TEST_PGBOUNCER_PASSWORD"] ?? ""
    /// The pgvector server behind PgBouncer, built without TLS.
    static let noTLSURL = environment["MEMLAYER_TEST_POSTGRES_NO_TLS_URL"] ?? ""
    /// The CA that signed both servers' certificate, and one that signed neither.
    static let ca = environment["MEMLAYER_TEST_POSTGRES_TLS_CA"] ?? ""
    static let otherCA = environment["MEMLAYER_TEST_POSTGRES_TLS_OTHER_CA"] ?? ""

    static let isRunning = port != nil && bouncerPort != nil

    static let skipNote: Comment =
        "SKIPPED: MEMLAYER_TEST_POSTGRES_TLS_PORT is unset; run scripts/test-postgres-tls.sh to test TLS against real servers"

    /// A URL for the Debian server. `host` goes into the URL (the name checked against the
    /// certificate); the connection itself always goes to 127.0.0.1 (`hostaddr`), so `localhost`
    /// resolving to ::1 first changes nothing.
    static func url(
        user: String = "memlayer", password: String? = nil, host: String = "localhost", database: String = "memlayer",
        query: String = ""
    ) -> String {
        url(port: port ?? "0", user: user, password: password, host: host, database: database, query: query)
    }

    /// A URL for PgBouncer, with memlayer's password unless `password` says otherwise.
    static func bouncerURL(password: String? = bouncerPassword, database: String = "memlayer", query: String) -> String
    {
        url(
            port: bouncerPort ?? "0", user: "memlayer", password: password, host: "localhost", database: database,
            query: query)
    }

    /// `sslmode=verify-full` with `sslrootcert=` the given CA.
    static func verifyFull(ca: String = ca) -> String { "sslmode=verify-full&sslrootcert=\(ca)" }

    private static func url(
        port: String, user: String, password: String?, host: String, database: String, query: String
    ) -> String {
        let login =
            password.map { "\(user):\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? user
        let parameters = ["hostaddr=127.0.0.1", query].filter { !$0.isEmpty }.joined(separator: "&")
        return "postgres://\(login)@\(host):\(port)/\(database)?\(parameters)"
    }
}
