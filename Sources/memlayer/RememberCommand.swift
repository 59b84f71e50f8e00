import ArgumentParser
import Foundation
import MemLayer

/// `memlayer remember TEXT`: stores one memory as given.
struct RememberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remember", abstract: "Store one memory, as written.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The text to remember.")
    var text: String

    @Option(help: "How much it matters, 0 to 1.")
    var importance: Double = 0.5

    func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the text to remember is empty")
        }
        guard (0...1).contains(importance) else { throw ValidationError("--importance must be from 0 to 1") }
    }

    func run() async throws {
        let engine = try await options.openEngine()
        let memory = try await engine.remember(text, userID: options.user, importance: importance, source: "cli")
        await engine.store.close()
        print("remembered \(memory.id)")
    }
}
