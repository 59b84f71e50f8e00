import ArgumentParser
import Foundation
import MemLayer

/// `memlayer chat`: an interactive conversation that streams answers and keeps the history,
/// with a prompt that behaves like `ollama run`'s.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with memory; /bye (or Ctrl-D) leaves, /? lists the commands.",
        discussion: """
            On a terminal the prompt edits lines (arrows, Home/End, Ctrl-A/E/K/U/W) and keeps a \
            history per store in <store>.history. Write a message of several lines between \"\"\" \
            lines. /clear forgets the conversation so far (memory is kept). Ctrl-C stops an answer: \
            the stopped turn is dropped from the conversation and nothing of it is remembered. \
            When standard input is not a terminal, each line is one message.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Flag(help: "Print each turn's trace to standard error.")
    var trace = false

    @Flag(help: "Leave the turns' background work queued for the next run instead of doing it during the chat.")
    var noWait = false

    func run() async throws {
        let interactive = RawTerminal.isInteractive
        let notes = interactive ? ChatNotes() : nil
        let (reports, reporter) = AsyncStream.makeStream(of: ExtractionReport.self)
        var onReport: (@Sendable (ExtractionReport) -> Void)?
        if notes != nil { onReport = { report in reporter.yield(report) } }
        let client = try await providerOptions.makeClient(store: options, extraction: !noWait, onReport: onReport)
        async let collecting: Void = notes?.collect(reports, store: client.engine.store, userID: client.userID) ?? ()
        let input = ChatInput(
            editor: interactive ? LineEditor(history: ChatHistory(path: historyPath)) : nil, notes: notes)
        if interactive {
            StandardOutput.write(
                "memlayer chat with \(client.provider.name) \(client.provider.model) — /bye to leave, /? for help\n")
        }
        var conversation: [ChatMessage] = []
        /// Turns whose trace was printed before the gate had decided on them.
        var traced: [Int64] = []
        var failed = false
        loop: while true {
            switch await input.next() {
            case .end, .command(.leave): break loop
            case .interrupted(let hint):
                if hint { StandardOutput.write("Use Ctrl + d or /bye to exit.\n") }
            case .command(.help): StandardOutput.write(ChatSlashCommand.helpText)
            case .command(.clear):
                conversation.removeAll()
                StandardOutput.write("Cleared the conversation (memory is kept).\n")
            case .command(.unknown(let word)):
                StandardOutput.write("Unknown command '\(word)'. Type /? for help.\n")
            case .message(let text):
                conversation.append(.user(text))
                switch await InterruptibleAnswer.stream(client.stream(conversation), stoppable: interactive) {
                case .complete(let answer):
                    StandardOutput.write("\n")
                    conversation.append(.assistant(answer))
                    let trace = await client.lastTrace
                    notes?.add(ChatNotes.notes(for: trace))
                    if self.trace {
                        StandardOutput.error("\(trace)\n")
                        if let job = await client.lastJobID, trace.events.last?.detail.contains("not decided yet") == true {
                            traced.append(job)
                        }
                    }
                case .interrupted:
                    // The stopped turn is not kept: the model never finished it, and nothing was queued.
                    conversation.removeLast()
                    StandardOutput.write("\n")
                case .failed(let error):
                    // One failed turn does not end the conversation; it is not kept in the history.
                    conversation.removeLast()
                    StandardOutput.error("error: \(error)\n")
                    if !interactive { failed = true }
                }
                if let shown = notes?.take(), !shown.isEmpty {
                    RawTerminal.write(shown.map { ChatNotes.dimmed($0) + "\n" }.joined())
                }
            }
            if failed { break }
        }
        if !noWait && !failed { ExtractionNotice.report(await client.waitForQueuedWork(timeout: .seconds(60))) }
        // The gate decides in the background: its decisions the per-turn traces could not show yet.
        for job in traced {
            guard let record = try? await client.engine.store.gateRecord(jobID: job, userID: client.userID) else {
                continue
            }
            let verdict = record.sentToExtraction ? "sent to extraction" : "skipped, no extraction call"
            StandardOutput.error("gate job \(job): \(verdict) (\(record.detail))\n")
        }
        reporter.finish()
        await collecting
        if let shown = notes?.take(), !shown.isEmpty {
            RawTerminal.write(shown.map { ChatNotes.dimmed($0) + "\n" }.joined())
        }
        await client.closeWithStore()
        if failed { throw ExitCode.failure }
    }

    /// `<store>.history` beside the store file (none for a PostgreSQL store).
    private var historyPath: String? {
        guard options.postgresURL == nil, case .file(let path) = options.location else { return nil }
        return ChatHistory.path(forStore: path)
    }
}
