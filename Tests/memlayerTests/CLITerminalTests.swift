import Foundation
import Testing

/// Memory text is shown escaped on a terminal, so an escape sequence stored in a memory cannot
/// rewrite the user's screen; piped output stays byte-exact.
@Suite("memlayer terminal output", .serialized)
struct CLITerminalTests {
    @Test("search on a terminal escapes ESC; piped output keeps it")
    func escapesOnTerminal() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("esc.jsonl", #"{"text": "bees \u001b]0;pwned\u0007 and \u001b[2J honey"}"#)
        #expect(try cli.run(["import", file]).status == 0)

        // `script` gives the command a pseudo-terminal as standard output.
        let result = try cli.runShell(
            #"script -qec "\"$MEMLAYER\" search bees --lightweight --store \"$STORE\"" /dev/null"#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}]0;pwned"), "\(result.stdout.debugDescription)")
        #expect(result.stdout.contains(#"\u{1B}]0;pwned\u{7}"#), "\(result.stdout.debugDescription)")

        let piped = try cli.run(["search", "bees", "--lightweight"])
        #expect(piped.stdout.contains("\u{1B}[2J"))
    }
}
