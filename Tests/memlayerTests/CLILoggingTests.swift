import Foundation
import MemLayerTesting
import Testing

/// The library's log in the CLI: quiet by default, `MEMLAYER_LOG_LEVEL` for more, in the CLI's
/// `memlayer: …` style on standard error, never on standard output.
@Suite("memlayer log level", .serialized)
struct CLILoggingTests {
    static let facts = ScriptedOllama.reply(#"{"facts": [{"text": "User's name is Ada.", "importance": 0.7}]}"#)

    @Test("MEMLAYER_LOG_LEVEL=debug shows each extraction step on standard error; the default shows none")
    func debugLevel() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { _, _ in Self.facts }
        defer { server.stop() }
        let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]

        let quiet = try cli.run(["ask", "My name is Ada"] + base)
        #expect(quiet.status == 0 && quiet.stdout == "Hello!\n" && quiet.stderr.isEmpty, "\(quiet.stderr)")

        let loud = try cli.run(["ask", "I have a dog"] + base, environment: ["MEMLAYER_LOG_LEVEL": "debug"])
        #expect(loud.status == 0 && loud.stdout == "Hello!\n", "\(loud.stderr)")
        let lines = loud.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("memlayer: debug: extraction job started ") && $0.contains("job_id=2") })
        #expect(
            lines.contains { $0.hasPrefix("memlayer: debug: extraction job extracted ") && $0.contains("facts_added=") }
        )
        #expect(lines.allSatisfy { $0.hasPrefix("memlayer: ") }, "\(lines)")
        #expect(!loud.stderr.contains("I have a dog"))
    }

    @Test("an unknown MEMLAYER_LOG_LEVEL is said once, and the command runs at the default level")
    func unknownLevel() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let result = try cli.run(
            ["remember", "I like tea", "--raw", "--embedder", "hash"], environment: ["MEMLAYER_LOG_LEVEL": "loud"])
        #expect(result.status == 0 && !result.stdout.isEmpty, "\(result.stderr)")
        #expect(
            result.stderr
                == "memlayer: MEMLAYER_LOG_LEVEL=loud is not a log level "
                + "(trace, debug, info, notice, warning, error, critical); using warning\n")
    }
}
