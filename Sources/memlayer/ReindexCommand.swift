import ArgumentParser
import Foundation
import MemLayer

/// `memlayer reindex`: re-embed every memory with another (or the same) embedder.
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-embed every memory of every user, then switch the store to that embedder.",
        discussion: """
            Searches keep using the old vectors until the switch, which is one transaction. An \
            interrupted run resumes where it stopped. Without --embedder (or $MEMLAYER_EMBEDDER) it \
            re-embeds with the store's own embedder, which repairs corrupt vectors.
            """)

    @OptionGroup var options: StoreOptions

    @Flag(help: "Print one JSON object {re_embedded, embedder, previous_embedder}.")
    var json = false

    func run() async throws {
        let store = try await options.openStore()
        let count: Int
        let embedder: any Embedder
        let previous = await store.embedderID
        do {
            // No --embedder (nor $MEMLAYER_EMBEDDER): the store's own, which repairs corrupt vectors.
            embedder = try await options.embedder(for: store)
            let bar = ProgressBar(label: "re-embedding")
            count = try await Reindexer(store: store, embedder: embedder).run { done, total in
                bar.update(done: done, total: total)
            }
            bar.finish()
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        if json {
            let object: [String: Any] = [
                "re_embedded": count, "embedder": embedder.id, "previous_embedder": previous ?? NSNull(),
            ]
            return try StandardOutput.line(try JSONOutput.string(object))
        }
        try StandardOutput.line(
            "re-embedded \(count) memories; the store now uses \(embedder.id) (was \(previous ?? "none"))")
    }
}
