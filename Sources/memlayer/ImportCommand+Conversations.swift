import ArgumentParser
import Foundation
import MemLayer

extension ImportCommand {
    /// `memlayer import --conversations FILE`: messages kept as `turn` memories at their dates.
    func importConversations(from data: Data) async throws {
        let messages = try ConversationFileReader.read(data)
        let engine = try await options.openEngine()
        let bar = ProgressBar(label: "embedding")
        let summary: ConversationImportSummary
        do {
            summary = try await engine.importConversations(messages, userID: options.user, extract: extract) {
                done, total in bar.update(done: done, total: total)
            }
        } catch {
            bar.finish()
            await engine.store.close()
            throw error
        }
        bar.finish()
        await engine.store.close()
        if json {
            let object: [String: Any] = [
                "user": options.user, "imported": summary.turns, "ids": NSNull(), "duplicates": [] as [Any],
                "conversations": summary.conversations, "queued_for_extraction": summary.queuedForExtraction,
            ]
            return try StandardOutput.line(try JSONOutput.string(object))
        }
        var line =
            "imported \(summary.turns) messages from \(summary.conversations) conversations as turns "
            + "for user \(options.user)"
        if extract { line += "; \(summary.queuedForExtraction) user messages queued (run `memlayer extract`)" }
        try StandardOutput.line(line)
    }
}
