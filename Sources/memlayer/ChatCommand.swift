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
                    await client.closeWithStore()
                    throw ExitCode.failure
                }
                continue
            }
            conversation.append(.assistant(answer))
            if trace { StandardOutput.error("\(await client.lastTrace)\n") }
        }
        if !noWait { ExtractionNotice.report(await client.waitForQueuedWork(timeout: .seconds(60))) }
        await client.closeWithStore()
    }
}
