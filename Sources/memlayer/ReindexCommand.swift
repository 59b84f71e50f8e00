import ArgumentParser
import MemLayer

/// `memlayer reindex`: re-embed every memory with another (or the same) embedder.
struct ReindexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Re-embed every memory of every user, then switch the store to that embedder.",
        discussion: """
            Searches keep using the old vectors until the switch, which is one transaction. An \
            interrupted run resumes where it stopped. Re-indexing with the current embedder repairs \
            corrupt vectors.
            """)

    @OptionGroup var options: StoreOptions

    func run() async throws {
        let store = try MemoryStore(location: options.location)
        let embedder = try await options.embedderSpecification.makeEmbedder(storeEmbedderID: await store.embedderID)
        let previous = await store.embedderID
        let bar = ProgressBar(label: "re-embedding")
        let count = try await Reindexer(store: store, embedder: embedder).run { done, total in
            bar.update(done: done, total: total)
        }
        bar.finish()
        await store.close()
        print("re-embedded \(count) memories; the store now uses \(embedder.id) (was \(previous ?? "none"))")
    }
}
