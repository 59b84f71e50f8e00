import ArgumentParser

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
            GraphCommand.self,
        ])
}
