import ArgumentParser
import Foundation
import MemLayer

/// `memlayer chat`: an interactive conversation that streams answers and keeps the history.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Chat with memory; type /exit (or Ctrl-D) to leave.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Flag(help: "Print each turn's trace to standard error.")
    var trace = false

    @Flag(help: "Leave the turns' background work queued for the next run instead of doing it during the chat.")
    var noWait = false

    func run() async throws {
        let client = try await providerOptions.makeClient(store: options, extraction: !noWait)
        let interactive = isatty(STDIN_FILENO) == 1
        var conversation: [ChatMessage] = []
        /// Turns whose trace was printed before the gate had decided on them.
        var traced: [Int64] = []
        if interactive {
            StandardOutput.write(
                "memlayer chat with \(client.provider.name) \(client.provider.model) — /exit to leave\n")
        }
        while true {
            if interactive {
                StandardOutput.write("> ")
            }
            guard let line = readLine() else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text == "/exit" || text == "/quit" { break }
            conversation.append(.user(text))
            var answer = ""
            do {
                for try await chunk in client.stream(conversation) {
                    answer += chunk
                    StandardOutput.write(chunk)
                }
                StandardOutput.write("\n")
            } catch {
                // One failed turn does not end the conversation; it is not kept in the history.
                conversation.removeLast()
                StandardOutput.error("error: \(error)\n")
                if !interactive {
                    await client.close()
                    throw ExitCode.failure
                }
                continue
            }
            conversation.append(.assistant(answer))
            if trace {
                let lines = await client.lastTrace
                StandardOutput.error("\(lines)\n")
                if let job = await client.lastJobID, lines.events.last?.detail.contains("not decided yet") == true {
                    traced.append(job)
                }
            }
        }
        if !noWait { ExtractionNotice.report(await client.waitForQueuedWork(timeout: .seconds(60))) }
        // The gate decides in the background: its decisions the per-turn traces could not show yet.
        for job in traced {
            guard let record = try? await client.engine.store.gateRecord(jobID: job, userID: client.userID) else {
                continue
            }
            let verdict = record.sentToExtraction ? "sent to extraction" : "skipped, no extraction call"
            StandardOutput.error("gate job \(job): \(verdict) (\(record.detail))\n")
        }
        await client.close()
    }
}
