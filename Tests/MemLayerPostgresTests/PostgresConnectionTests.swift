import Foundation
import Testing

@testable import MemLayerPostgres

@Suite(
    "PostgreSQL connection: login, binds, errors, transactions",
    .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresConnectionTests {
    @Test("a refused login names the server but never the password")
    func wrongPassword() async throws {
        let role = try await PostgresTestServer.createRole(password: "RightHorse42")
        do {
            try await checkLogin(role: role)
        } catch {
            try await PostgresTestServer.dropRole(role)
            throw error
        }
        try await PostgresTestServer.dropRole(role)
    }

    private func checkLogin(role: String) async throws {
        let secret = "Wr0ngB@ttery:Staple"
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let text = try PostgresTestServer.url(database: "memlayer", user: role, password: secret)
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(to: try PostgresURL(text))
        }
        let description = try #require(error).description
        #expect(error?.kind == .connection)
        #expect(description.contains("password authentication failed"))
        #expect(description.contains("\(role):***@127.0.0.1"))
        for leak in [secret, encoded, "Wr0ngB"] { #expect(!description.contains(leak)) }

        // The right password (in the URL) logs in.
        let good = try PostgresTestServer.url(database: "memlayer", user: role, password: "RightHorse42")
        let connection = try await PostgresConnection.connect(to: try PostgresURL(good))
        #expect(try await connection.query("SELECT current_user")[0].string(0) == role)
        #expect("\(connection.url)".contains(":***@"))
        await connection.close()
    }

    @Test("a URL libpq cannot read is reported without the password it quotes")
    func malformedURL() async throws {
        let base = try PostgresTestServer.url(database: "memlayer")
        let text = base.replacingOccurrences(of: "memlayer@", with: "memlayer:Sec%ZZret99@")
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(to: try PostgresURL(text))
        }
        let description = try #require(error).description
        #expect(description.contains("percent"))
        #expect(!description.contains("Sec%ZZret99") && !description.contains("ret99"))
    }

    @Test("no server at the port: a connection error naming the redacted URL")
    func unreachable() async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(to: try PostgresURL("postgres://u:Pw0rd777@127.0.0.1:1/db"))
        }
        #expect(error?.kind == .connection)
        #expect(error?.description.contains("postgres://u:***@127.0.0.1:1/db") == true)
        #expect(error?.description.contains("Pw0rd777") == false)
    }

    @Test("every bind type comes back exactly")
    func bindsRoundTrip() async throws {
        try await PostgresTestServer.withDatabase(migrated: false) { connection, _ in
            let text = "Grüße, 東京 🦊 'quoted' \"double\" \\ backslash"
            let bytes = Data((0...255).map(UInt8.init) + [0, 0, 255])
            let date = Date(timeIntervalSince1970: 1_796_644_743.123456)
            let vector: [Float] = [0.1, -1e-8, 3.4e38, 1 / 3, -0.0, 42]
            let numbers: [Int64] = [.min, -1, 0, .max]
            let doubles: [Double] = [0.1, 1e-300, -2.5e300, .pi]
            try await connection.execute(
                """
                CREATE EXTENSION IF NOT EXISTS vector;
                CREATE TABLE binds (t text, i bigint, d double precision, b bytea, at timestamptz, v vector, f boolean)
                """)
            for (index, number) in numbers.enumerated() {
                try await connection.update(
                    "INSERT INTO binds VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    [
                        .text(text), .int64(number), .double(doubles[index]), .bytea(bytes), .timestamp(date),
                        .vector(vector), .bool(index % 2 == 0),
                    ])
            }
            let rows = try await connection.query("SELECT t, i, d, b, at, v, f FROM binds ORDER BY i")
            #expect(rows.count == 4)
            for (index, row) in rows.enumerated() {
                #expect(try row.string(0) == text)
                #expect(try row.int64(1) == numbers[index])
                #expect(try row.double(2) == doubles[index])
                #expect(try row.bytes(3) == bytes)
                #expect(abs(try row.date(4).timeIntervalSince(date)) < 1e-6)
                #expect(try row.vector(5) == vector)
                #expect(try row.bool(6) == (index % 2 == 0))
            }
            // Empty text and bytes are values, not NULL.
            let empty = try await connection.query(
                "SELECT $1::text, $2::bytea, $1::text IS NULL, $2::bytea IS NULL", [.text(""), .bytea(Data())])
            #expect(try empty[0].string(0) == "" && empty[0].bytes(1).isEmpty)
            #expect(try !empty[0].bool(2) && !empty[0].bool(3))

            // NULLs, and a parameter whose type the server infers from its place.
            let nulls = try await connection.query(
                "SELECT $1::text, $2::bigint, $3 = 7", [.null, .optionalInt64(nil), .text("7")])
            #expect(nulls[0].isNull(0) && nulls[0].isNull(1))
            #expect(try nulls[0].bool(2) == true)
            #expect(throws: PostgresError.self) { try nulls[0].string(0) }
        }
    }

    @Test("text holding a NUL is refused before it is cut short")
    func nulInText() async throws {
        try await PostgresTestServer.withDatabase(migrated: false) { connection, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT $1::text", [.text("alice\u{0}mallory")])
            }
            #expect(error?.kind == .invalidInput)
        }
    }

    @Test("a server error carries the SQLSTATE and the SQL, never the bound value")
    func serverErrors() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("SELECT $1::bigint", [.text("my-private-diary-entry")])
            }
            #expect(error?.sqlState == "22P02")
            #expect(error?.sql == "SELECT $1::bigint")
            #expect(error?.description.contains("my-private-diary-entry") == false)

            let insert = "INSERT INTO meta (key, value) VALUES ($1, $2)"
            try await connection.update(insert, [.text("k"), .text("v")])
            let duplicate = await #expect(throws: PostgresError.self) {
                try await connection.update(insert, [.text("k"), .text("secret value")])
            }
            #expect(duplicate?.isUniqueViolation == true)
            #expect(duplicate?.description.contains("secret value") == false)
            // The connection is still usable after an error.
            #expect(try await connection.query("SELECT 1")[0].int64(0) == 1)
        }
    }

    @Test("a transaction commits all or nothing; nesting is refused")
    func transactions() async throws {
        try await PostgresTestServer.withDatabase { connection, _ in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await connection.transaction { connection in
                    try connection.update("INSERT INTO meta VALUES ('a', '1')")
                    throw Boom()
                }
            }
            #expect(try await connection.query("SELECT count(*) FROM meta")[0].int64(0) == 0)
            try await connection.transaction { connection in
                try connection.update("INSERT INTO meta VALUES ('b', '2')")
                #expect(throws: PostgresError.self) { try connection.transaction { _ in } }
            }
            #expect(try await connection.query("SELECT value FROM meta WHERE key = 'b'")[0].string(0) == "2")
            #expect(await connection.inTransaction == false)
        }
    }

    @Test("a closed connection says so")
    func closed() async throws {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(PostgresTestServer.url!))
        await connection.close()
        await connection.close()
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error?.kind == .connectionLost)
    }
}

@Suite("PostgreSQL connection loss", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresConnectionLossTests {
    @Test("a connection the server ended reports .connectionLost, and a new one works")
    func terminatedBackend() async throws {
        let url = try PostgresURL(PostgresTestServer.url!)
        let victim = try await PostgresConnection.connect(to: url)
        let pid = try await victim.query("SELECT pg_backend_pid()")[0].int64(0)
        let admin = try await PostgresConnection.connect(to: url)
        #expect(try await admin.query("SELECT pg_terminate_backend($1::integer)", [.int64(pid)])[0].bool(0))
        await admin.close()
        let error = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1") }
        #expect(error?.kind == .connectionLost)
        #expect(error?.message.contains("open a new one") == true)
        let again = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1") }
        #expect(again?.kind == .connectionLost)
        let fresh = try await PostgresConnection.connect(to: url)
        #expect(try await fresh.query("SELECT 1")[0].int64(0) == 1)
        await fresh.close()
    }
}

@Suite("PostgreSQL cancellation", .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipNote))
struct PostgresCancellationTests {
    @Test("cancelling the task stops the statement on the server; the connection goes on")
    func cancelSleep() async throws {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(PostgresTestServer.url!))
        let sleeper = Task {
            try await connection.cancellable { connection in
                try connection.query("SELECT pg_sleep(60)")
                try connection.query("SELECT 'never sent'")
            }
        }
        // Wait until the server is running the sleep, then cancel.
        let watcher = try await PostgresConnection.connect(to: try PostgresURL(PostgresTestServer.url!))
        while try await watcher.query(
            "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'")[0]
            .int64(0) == 0
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        sleeper.cancel()
        let error = await #expect(throws: PostgresError.self) { try await sleeper.value }
        #expect(error?.sqlState == "57014")  // query_canceled: ended by the cancel, not by the sleep
        #expect(try await connection.query("SELECT 2")[0].int64(0) == 2)
        await watcher.close()
        await connection.close()
    }

    @Test("a task cancelled before its work starts sends nothing")
    func cancelledBeforehand() async throws {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(PostgresTestServer.url!))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await connection.cancellable { connection in try connection.query("SELECT 1").count }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        // Outside cancellable, a cancelled task can still release what it holds.
        let cleanup = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await connection.query("SELECT 3")[0].int64(0)
        }
        #expect(try await cleanup.value == 3)
        await connection.close()
    }
}
