import ArgumentParser

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
        subcommands: [
            RememberCommand.self, SearchCommand.self, ImportCommand.self, ExportCommand.self,
            ForgetCommand.self, StatsCommand.self, ReindexCommand.self, EmbedCommand.self, AskCommand.self,
            ChatCommand.self,
            IngestCommand.self, ExtractCommand.self, AnswerCommand.self, CurateCommand.self, TasksCommand.self,
            GraphCommand.self, MCPCommand.self,
        ])

    /// Runs the command with `SIGXFSZ` ignored: past a file-size limit (`ulimit -f`) a write then
    /// fails with `EFBIG`, so an export removes its partial file and says why instead of dying.
    static func main() async {
        signal(SIGXFSZ, SIG_IGN)
        await main(nil)
    }
}
