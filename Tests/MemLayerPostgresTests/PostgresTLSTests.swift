import Foundation
import MemLayerStore
import Testing

@testable import MemLayerPostgres

@Suite(
    "PostgreSQL over TLS: encryption, certificate checks, TLS-only servers, passwords",
    .enabled(if: PostgresTLSServer.isRunning, PostgresTLSServer.skipNote))
struct PostgresTLSTests {
    /// What the server says about this connection's encryption: (ssl, TLS version).
    private func sslState(_ url: String) async throws -> (Bool, String?) {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
        let rows = try await connection.query("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        await connection.close()
        let row = try #require(rows.first)
        return (try row.bool(0), row.isNull(1) ? nil : try row.string(1))
    }

    /// The `StoreError` opening a store at `url` throws.
    private func openError(_ url: String) async throws -> StoreError {
        let error = await #expect(throws: StoreError.self) { try await PostgresMemoryStore.open(url) }
        return try #require(error)
    }

    @Test("sslmode=require: the server reports the connection encrypted")
    func require() async throws {
        let (ssl, version) = try await sslState(PostgresTLSServer.url(host: "127.0.0.1", query: "sslmode=require"))
        #expect(ssl)
        #expect(version?.hasPrefix("TLSv1.") == true, "\(version ?? "no version")")
    }

    @Test("no sslmode (libpq's default, prefer): TLS when the server offers it")
    func preferByDefault() async throws {
        let url = PostgresTLSServer.url(host: "127.0.0.1")
        #expect(!url.contains("sslmode"))
        #expect(try await sslState(url).0)
    }

    @Test("a server without TLS: prefer connects unencrypted; require fails and says the server offers none")
    func serverWithoutTLS() async throws {
        #expect(try await sslState(PostgresTLSServer.noTLSURL).0 == false)
        let error = try await openError(PostgresTLSServer.noTLSURL + "?sslmode=require")
        #expect(error.kind == .database)
        #expect(error.description.contains("server does not support SSL"), "\(error)")
        #expect(error.description.contains("the server offers no TLS"), "\(error)")
    }

    @Test("verify-full with the CA that signed the server's certificate and its host name succeeds")
    func verifyFull() async throws {
        #expect(try await sslState(PostgresTLSServer.url(query: PostgresTLSServer.verifyFull())).0)
    }

    @Test("verify-full with the wrong CA fails with a StoreError naming neither password nor success")
    func wrongCA() async throws {
        let secret = "Tls-Wr0ng-CA-Pw"
        let url = PostgresTLSServer.url(
            password: secret, query: PostgresTLSServer.verifyFull(ca: PostgresTLSServer.otherCA))
        let error = try await openError(url)
        #expect(error.kind == .database)
        #expect(error.description.contains("certificate verify failed"), "\(error)")
        #expect(error.description.contains("give the CA file that signed it"), "\(error)")
        #expect(error.description.contains("memlayer:***@localhost"), "\(error)")
        #expect(!error.description.contains(secret) && !error.description.contains("Wr0ng"))
    }

    @Test("verify-full to a host name the certificate does not name fails, naming the mismatch")
    func wrongHost() async throws {
        let secret = "Tls-Wr0ng-Host-Pw"
        let url = PostgresTLSServer.url(password: secret, host: "127.0.0.1", query: PostgresTLSServer.verifyFull())
        let error = try await openError(url)
        #expect(error.kind == .database)
        #expect(error.description.contains("does not match host name \"127.0.0.1\""), "\(error)")
        #expect(error.description.contains("connect by that name"), "\(error)")
        #expect(!error.description.contains(secret))
    }

    @Test("a CA file that does not exist is named in the error")
    func missingCAFile() async throws {
        let missing = NSTemporaryDirectory() + "memlayer-no-such-ca-\(UUID().uuidString).crt"
        let error = try await openError(PostgresTLSServer.url(query: PostgresTLSServer.verifyFull(ca: missing)))
        #expect(error.kind == .database)
        #expect(error.description.contains(missing), "\(error)")
        #expect(error.description.contains("sslrootcert= must name a readable CA file"), "\(error)")
    }

    @Test("a TLS-only server refuses sslmode=disable, and says it was for want of encryption")
    func tlsOnlyRefusesPlainText() async throws {
        let error = try await openError(PostgresTLSServer.url(host: "127.0.0.1", query: "sslmode=disable"))
        #expect(error.kind == .database)
        #expect(error.description.contains("no pg_hba.conf entry"), "\(error)")
        #expect(error.description.contains("no encryption"), "\(error)")
        #expect(error.description.contains("use sslmode=require or verify-full"), "\(error)")
    }

    @Test("a password login over verify-full works; a wrong one is refused without being shown")
    func passwordOverTLS() async throws {
        let admin = try await PostgresConnection.connect(
            to: try PostgresURL(PostgresTLSServer.url(query: PostgresTLSServer.verifyFull())))
        let role = "tls_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let password = "Right-Tls-Horse-42"
        try await admin.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        do {
            let good = PostgresTLSServer.url(user: role, password: password, query: PostgresTLSServer.verifyFull())
            let connection = try await PostgresConnection.connect(to: try PostgresURL(good))
            let row = try await connection.query(
                "SELECT current_user::text, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0]
            #expect(try row.string(0) == role && row.bool(1))
            #expect(!"\(connection.url)".contains(password))
            await connection.close()

            let secret = "Wr0ng-Tls-Staple:@/"
            let bad = PostgresTLSServer.url(user: role, password: secret, query: PostgresTLSServer.verifyFull())
            let error = try await openError(bad)
            #expect(error.description.contains("password authentication failed"), "\(error)")
            let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for leak in [secret, encoded, "Wr0ng"] { #expect(!error.description.contains(leak)) }
        } catch {
            try await admin.execute("DROP ROLE IF EXISTS \(role)")
            await admin.close()
            throw error
        }
        try await admin.execute("DROP ROLE IF EXISTS \(role)")
        await admin.close()
    }

    @Test("the memory store works over verify-full TLS (PgBouncer in front of pgvector)")
    func storeOverTLS() async throws {
        let name = "tls_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let tls = PostgresTLSServer.verifyFull()
        let admin = try await PostgresConnection.connect(to: try PostgresURL(PostgresTLSServer.bouncerURL(query: tls)))
        try await admin.execute("CREATE DATABASE \(name)")
        do {
            let store = try await PostgresMemoryStore.open(PostgresTLSServer.bouncerURL(database: name, query: tls))
            try await store.useEmbedder(id: "tls-test", dimension: 3)
            let saved = try await store.insert(
                [NewMemory(text: "Dana reads over TLS", embedding: [1, 0, 0])], userID: "alice", now: Date())
            #expect(try await store.memory(id: saved[0].id, userID: "alice")?.text == "Dana reads over TLS")
            #expect(try await store.stats(userID: nil).activeMemories == 1)
            #expect(!"\(store.url)".contains(PostgresTLSServer.bouncerPassword))
            await store.close()

            // PgBouncer refuses a client without TLS, and a wrong password, without showing it.
            let plain = try await openError(PostgresTLSServer.bouncerURL(database: name, query: "sslmode=disable"))
            #expect(plain.description.contains("SSL required"), "\(plain)")
            #expect(plain.description.contains("use sslmode=require or verify-full"), "\(plain)")
            let wrong = try await openError(
                PostgresTLSServer.bouncerURL(password: "Not-The-Bouncer-Pw", database: name, query: tls))
            #expect(wrong.kind == .database && !wrong.description.contains("Not-The-Bouncer-Pw"), "\(wrong)")
        } catch {
            try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            await admin.close()
            throw error
        }
        try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await admin.close()
    }
}
