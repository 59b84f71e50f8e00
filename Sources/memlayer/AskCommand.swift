import ArgumentParser
import Foundation
import MemLayer

/// `memlayer ask PROMPT`: one streamed answer, with memory.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask one question; the answer streams to standard output.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Argument(help: "The question ('-' or left out with piped input: read from standard input).")
    var prompt: String?

    @Flag(help: "Leave the turn's background work queued for the next run instead of waiting for it.")
    var noWait = false

    @Flag(help: "Print the turn's trace (tool calls, search phases, timings) to standard error.")
    var trace = false

    @Flag(help: "Print one JSON object {answer, provider, model, user} once the answer is complete.")
    var json = false

    mutating func validate() throws {
        let text = try TextInput.resolve(prompt, what: "the question")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the question is empty")
        }
        prompt = text
    }

    func run() async throws {
        let client = try await providerOptions.makeClient(store: options, extraction: !noWait)
        var answer = ""
        do {
            for try await chunk in client.stream([.user(prompt ?? "")]) {
                if json { answer += chunk } else { StandardOutput.write(chunk) }
            }
            if !json { StandardOutput.write("\n") }
        } catch {
            await client.closeWithStore()
            throw error
        }
        // After the wait the trace's last line holds the salience gate's decision on the turn.
        if !noWait { ExtractionNotice.report(await client.waitForQueuedWork(timeout: .seconds(60))) }
        if trace { StandardOutput.error("\(await client.lastTrace)\n") }
        await client.closeWithStore()
        if json {
            let object: [String: Any] = [
                "answer": answer, "provider": providerOptions.provider.lowercased(), "model": client.provider.model,
                "user": options.user,
            ]
            try StandardOutput.line(try JSONOutput.string(object))
        }
    }
}
