import ArgumentParser
import Foundation
import MemLayer

/// `memlayer ask PROMPT`: one streamed answer, with memory.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask one question; the answer streams to standard output.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var providerOptions: ProviderOptions

    @Argument(help: "The question.")
    var prompt: String

    @Flag(help: "Leave the turn's background work queued for the next run instead of waiting for it.")
    var noWait = false

    @Flag(help: "Print the turn's trace (tool calls, search phases, timings) to standard error.")
    var trace = false

    func validate() throws {
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the question is empty")
        }
    }

    func run() async throws {
        let client = try await providerOptions.makeClient(store: options, extraction: !noWait)
        do {
            for try await chunk in client.stream([.user(prompt)]) {
                StandardOutput.write(chunk)
            }
            StandardOutput.write("\n")
        } catch {
            await client.close()
            throw error
        }
        // After the wait the trace's last line holds the salience gate's decision on the turn.
        if !noWait { ExtractionNotice.report(await client.waitForQueuedWork(timeout: .seconds(60))) }
        if trace { StandardOutput.error("\(await client.lastTrace)\n") }
        await client.close()
    }
}
