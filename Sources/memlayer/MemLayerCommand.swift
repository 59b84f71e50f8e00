import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `memlayer`: inspect, fill and search a MemLayer store from the shell.
@main
struct MemLayerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memlayer",
        abstract: "Long-term memory for chat models, in one SQLite file.",
        discussion: """
            \(EnvironmentDefaults.helpTable)

            Exit status: 0 success; 1 the command failed (one line on standard error says why); \
            64 a usage error (a bad option or argument, with the usage); 130 interrupted (Ctrl-C).

            --json (every command but chat): one JSON object on standard output; export and embed \
            write JSON lines. A text argument is read from standard input when it is "-", or when it \
            is left out and standard input is not a terminal.
            """,
        version: MemLayerVersion.current,
        subcommands: [
            RememberCommand.self, SearchCommand.self, ImportCommand.self, ExportCommand.self,
            ForgetCommand.self, StatsCommand.self, ReindexCommand.self, EmbedCommand.self, AskCommand.self,
            ChatCommand.self,
            IngestCommand.self, ExtractCommand.self, AnswerCommand.self, CurateCommand.self, TasksCommand.self,
            GraphCommand.self, ModelsCommand.self, MCPCommand.self,
        ])

    /// Runs the command with the library's log on standard error (``StandardErrorLogHandler``) and
    /// `SIGXFSZ` ignored: past a file-size limit (`ulimit -f`) a write then
    /// fails with `EFBIG`, so an export removes its partial file and says why instead of dying.
    ///
    /// Usage mistakes, found while parsing and validating, exit 64 with the usage. Anything that
    /// fails once the command runs — a missing file, an unreachable server, a store made with
    /// another embedder — is one line on standard error and exit 1: it is not a usage error, and
    /// the usage text would bury the line that says what to do.
    static func main() async {
        signal(SIGXFSZ, SIG_IGN)
        // Before anything makes a Logger: the library logs, and this is where its lines go.
        StandardErrorLogHandler.bootstrap()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(nil)
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            RuntimeFailure.exit(with: error)
        }
    }
}
