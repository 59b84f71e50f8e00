import Foundation
import Testing

/// `--store 'postgres://…?sslmode=verify-full&sslrootcert=…'` through the real binary, against
/// the TLS servers scripts/test-postgres-tls.sh starts (see scripts/postgres-tls.sh): PgBouncer
/// terminating TLS in front of pgvector (user `memlayer`, password in
/// MEMLAYER_TEST_PGBOUNCER_PASSWORD), and Debian's PostgreSQL taking TLS connections only.
/// Every run logs at trace level, so the log is checked for passwords too.
@Suite(
    "CLI on PostgreSQL over TLS",
    .enabled(
        if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_PGBOUNCER_TLS_PORT"] != nil,
        "SKIPPED: MEMLAYER_TEST_PGBOUNCER_TLS_PORT is unset; run scripts/test-postgres-tls.sh to test the CLI over TLS")
)
struct CLIPostgresTLSTests {
    static let environment = ProcessInfo.processInfo.environment
    static let bouncerPort = environment["MEMLAYER_TEST_PGBOUNCER_TLS_PORT"] ?? "0"
    static let tlsOnlyPort = environment["MEMLAYER_TEST_POSTGRES_TLS_PORT"] ?? "0"
    static let password = environment["MEMLAYER_TEST_PGBOUNCER_PASSWORD"] ?? ""
    static let ca = environment["MEMLAYER_TEST_POSTGRES_TLS_CA"] ?? ""
    static let otherCA = environment["MEMLAYER_TEST_POSTGRES_TLS_OTHER_CA"] ?? ""
    static let trace = ["MEMLAYER_LOG_LEVEL": "trace"]

    /// `memlayer@localhost` on `port` (reached at 127.0.0.1), with `login` before the `@`.
    static func url(port: String = bouncerPort, login: String = "memlayer", host: String = "localhost", query: String)
        -> String
    {
        "postgres://\(login)@\(host):\(port)/memlayer?hostaddr=127.0.0.1&\(query)"
    }

    static func verifyFull(_ ca: String = ca) -> String { "sslmode=verify-full&sslrootcert=\(ca)" }

    @Test("stats over verify-full with the password in the URL works, and shows the URL redacted")
    func statsWithURLPassword() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let url = Self.url(login: "memlayer:\(Self.password)", query: Self.verifyFull())
        // `stats` only reads: on a database without a store it fails and creates nothing, so a
        // write makes sure the store exists whichever test runs first.
        let user = "tls-\(UUID().uuidString.prefix(8))"
        let saved = try cli.run(
            ["remember", "--raw", "Dana keeps a store", "--user", user, "--embedder", "hash", "--store", url],
            useStore: false)
        #expect(saved.status == 0, "\(saved.stderr)")
        let result = try cli.run(["stats", "--store", url], useStore: false, environment: Self.trace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("postgres://memlayer:***@localhost:\(Self.bouncerPort)/memlayer?"),
            "\(result.stdout)")
        #expect(result.stdout.contains("sslmode=verify-full&sslrootcert=\(Self.ca)"))
        #expect(result.stdout.contains("pgvector"))
        #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
    }

    @Test("remember and search over verify-full with PGPASSWORD (MEMLAYER_STORE too); the password is never shown")
    func rememberWithPGPASSWORD() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let url = Self.url(query: Self.verifyFull())
        let user = "tls-\(UUID().uuidString.prefix(8))"
        let environment = Self.trace.merging(["PGPASSWORD": Self.password, "MEMLAYER_STORE": url]) { $1 }
        let saved = try cli.run(
            ["remember", "--raw", "Dana rides to Porto over TLS", "--user", user, "--embedder", "hash"],
            useStore: false, environment: environment)
        #expect(saved.status == 0, "\(saved.stderr)")
        let found = try cli.run(
            ["search", "Porto", "--user", user, "--embedder", "hash"], useStore: false, environment: environment)
        #expect(found.status == 0 && found.stdout.contains("Dana rides to Porto"), "\(found.stdout) \(found.stderr)")
        let stats = try cli.run(["stats", "--user", user], useStore: false, environment: environment)
        #expect(stats.status == 0 && stats.stdout.contains("1 active"), "\(stats.stdout) \(stats.stderr)")
        for result in [saved, found, stats] {
            #expect(!result.stdout.contains(Self.password) && !result.stderr.contains(Self.password))
        }
    }

    @Test("the wrong CA: a clear error, no password from the URL or PGPASSWORD anywhere")
    func wrongCA() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let inURL = "Cli-Tls-Url-Secret"
        let url = Self.url(login: "memlayer:\(inURL)", query: Self.verifyFull(Self.otherCA))
        let result = try cli.run(
            ["stats", "--store", url], useStore: false,
            environment: Self.trace.merging(["PGPASSWORD": Self.password]) { $1 })
        #expect(result.status != 0)
        #expect(result.stderr.contains("certificate verify failed"), "\(result.stderr)")
        #expect(result.stderr.contains("memlayer:***@localhost"), "\(result.stderr)")
        for secret in [inURL, Self.password] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test("a TLS-only server refuses sslmode=disable, and the CLI says it was for want of encryption")
    func plainTextRefused() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let url = Self.url(port: Self.tlsOnlyPort, host: "127.0.0.1", query: "sslmode=disable")
        let result = try cli.run(["stats", "--store", url], useStore: false, environment: Self.trace)
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("no pg_hba.conf entry") && result.stderr.contains("no encryption"),
            "\(result.stderr)")
    }
}
