import Foundation
import Testing

/// Several `memlayer` processes writing and searching one PostgreSQL store at once, through the
/// real binary against a real server (scripts/test-postgres.sh starts one).
@Suite("CLI: writers and searchers at once on one PostgreSQL store")
struct CLIPostgresConcurrencyTests {
    @Test(
        "three writers and two searchers at once: every write lands once, shared texts are stored once, no call fails",
        .enabled(
            if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] != nil,
            "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test the CLI on PostgreSQL"))
    func writersAndSearchers() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let (url, name) = try await CLIPostgresTests.createDatabase()
        do {
            let options = "--store '\(url)' --embedder hash --user alice"
            // The store exists before the processes race (each would otherwise create it).
            #expect(try cli.run(["remember", "--raw", "seed fact", "--store", url, "--embedder", "hash", "--user", "alice"], useStore: false).status == 0)
            // Each writer stores 20 texts of its own and the same 20 shared texts; each searcher
            // searches 20 times while they write. A failed call names itself on stderr.
            let script = """
                writer() {
                    for j in $(seq 1 20); do
                        "$MEMLAYER" remember --raw "writer $1 fact $j" \(options) >/dev/null || echo "writer $1 failed at $j" >&2
                        "$MEMLAYER" remember --raw "shared fact $j" \(options) >/dev/null || echo "writer $1 failed at shared $j" >&2
                    done
                }
                searcher() {
                    for j in $(seq 1 20); do
                        "$MEMLAYER" search "fact $j" --json \(options) >/dev/null || echo "searcher $1 failed at $j" >&2
                    done
                }
                for i in 1 2 3; do writer "$i" & done
                for i in 1 2; do searcher "$i" & done
                wait
                """
            let run = try cli.runShell(script)
            #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")

            let exported = try cli.run(["export", "--store", url, "--user", "alice"], useStore: false)
            #expect(exported.status == 0, "\(exported.stderr)")
            let texts = try exported.stdout.split(separator: "\n").map { line in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return try #require(object["text"] as? String)
            }
            let expected = Set(
                ["seed fact"] + (1...3).flatMap { i in (1...20).map { "writer \(i) fact \($0)" } }
                    + (1...20).map { "shared fact \($0)" })
            #expect(texts.count == expected.count, "each text stored once: \(texts.count) rows")
            #expect(Set(texts) == expected)
            let found = try cli.run(["search", "writer 2 fact 7", "--json", "--store", url, "--user", "alice", "--embedder", "hash"], useStore: false)
            #expect(found.stdout.contains("writer 2 fact 7"))
        } catch {
            try await CLIPostgresTests.dropDatabase(name)
            throw error
        }
        try await CLIPostgresTests.dropDatabase(name)
    }
}
