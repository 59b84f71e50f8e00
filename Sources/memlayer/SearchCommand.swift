import ArgumentParser
import Foundation
import MemLayer

/// `memlayer search QUERY`: the closest memories, best first.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find the memories closest to a query, best first.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "What to look for.")
    var query: String

    @Option(name: .customShort("k"), help: "How many results.")
    var k: Int = 5

    @Flag(help: "Print a JSON array of {id, text, score, created_at, ...}.")
    var json = false

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1") }
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the query is empty")
        }
    }

    func run() async throws {
        let engine = try await options.openEngine()
        let hits = try await engine.search(query, userID: options.user, k: k)
        await engine.store.close()
        if json {
            let objects: [[String: Any]] = hits.map { hit in
                var object = MemoryRecord.object(for: hit.memory, vector: nil)
                object["score"] = Double(hit.score)
                return object
            }
            print(try JSONOutput.string(objects))
            return
        }
        if hits.isEmpty {
            print("no memories found for user \(options.user)")
            return
        }
        for (rank, hit) in hits.enumerated() {
            let date = hit.memory.createdAt.formatted(date: .abbreviated, time: .omitted)
            print("\(rank + 1). [\(String(format: "%.3f", hit.score))] \(hit.memory.text)  (\(hit.memory.id), \(date))")
        }
    }
}
