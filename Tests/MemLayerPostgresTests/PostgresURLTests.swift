import Foundation
import Testing

@testable import MemLayerPostgres

@Suite("PostgreSQL URLs keep passwords out of every description")
struct PostgresURLTests {
    @Test("the user-part password is replaced by ***")
    func userInfoPassword() throws {
        let url = try PostgresURL("postgres://alice:s3cr%40t@db.example:5433/memory?sslmode=require")
        #expect(url.redacted == "postgres://alice:***@db.example:5433/memory?sslmode=require")
        #expect("\(url)" == url.redacted)
        #expect(url.secrets.contains("s3cr%40t") && url.secrets.contains("s3cr@t"))
    }

    @Test("a password nobody percent-encoded is hidden whole, even with / or @ in it")
    func unencodedPassword() throws {
        #expect(try PostgresURL("postgres://u:pa/ss@host/db").redacted == "postgres://u:***@host/db")
        #expect(try PostgresURL("postgres://u:p@ss@host:5/db").redacted == "postgres://u:***@host:5/db")
    }

    @Test("a password= query parameter is replaced too")
    func queryPassword() throws {
        let url = try PostgresURL("postgresql://bob@host/db?password=hunter2&application_name=x&PASSWORD=two")
        #expect(url.redacted == "postgresql://bob@host/db?password=***&application_name=x&PASSWORD=***")
    }

    @Test("TLS parameters pass through as given; a client key's sslpassword= is hidden")
    func tlsParameters() throws {
        let text =
            "postgres://u@db.example/memory?sslmode=verify-full&sslrootcert=/etc/ca.crt"
            + "&sslcert=/home/u/client.crt&sslkey=/home/u/client.key&sslpassword=K3y-Passphrase"
        let url = try PostgresURL(text)
        #expect(url.connectionString == text)
        #expect(url.redacted == text.replacingOccurrences(of: "K3y-Passphrase", with: "***"))
        #expect(url.scrub("could not decrypt with K3y-Passphrase") == "could not decrypt with ***")
    }

    @Test("URLs without a password are shown as given")
    func noPassword() throws {
        for text in ["postgres://memlayer@127.0.0.1:5432/memlayer", "postgres://host/db", "postgres://u@h/d?x=1"] {
            #expect(try PostgresURL(text).redacted == text)
        }
    }

    @Test("a text that is not a postgres:// URL is refused, redacted")
    func notAURL() {
        #expect {
            try PostgresURL("mysql://root:topsecret@localhost/db")
        } throws: { error in
            let error = error as! PostgresError
            return error.kind == .invalidURL && !error.description.contains("topsecret")
                && error.description.contains("root:***@localhost")
        }
    }

    @Test("scrub removes the password, raw and decoded, from any text")
    func scrub() throws {
        let url = try PostgresURL("postgres://u:pa%20ss@h/d")
        #expect(url.scrub("bad token \"pa%20ss\" and pa ss") == "bad token \"***\" and ***")
    }
}

@Suite("timestamptz text")
struct PostgresTimestampTests {
    @Test("ISO output with fractions and offsets is read exactly")
    func parse() throws {
        let date = try #require(PostgresTimestamp.parse("2026-12-07 11:59:03.123456+00"))
        #expect(abs(date.timeIntervalSince1970 - 1_796_644_743.123456) < 1e-6)
        let shifted = try #require(PostgresTimestamp.parse("2026-12-07 17:29:03.123456+05:30"))
        #expect(abs(shifted.timeIntervalSince1970 - date.timeIntervalSince1970) < 1e-6)
        #expect(PostgresTimestamp.parse("1970-01-01 00:00:00+00")?.timeIntervalSince1970 == 0)
        #expect(PostgresTimestamp.parse("1969-12-31 23:59:59-00")?.timeIntervalSince1970 == -1)
        #expect(PostgresTimestamp.parse("2000-02-29 00:00:00+00")?.timeIntervalSince1970 == 951_782_400)
    }

    @Test("malformed text is refused, not guessed")
    func malformed() {
        for text in ["", "2026-12-07", "2026-12-07 11:59:03", "0044-03-15 12:00:00+00 BC", "yesterday"] {
            #expect(PostgresTimestamp.parse(text) == nil)
        }
    }
}
