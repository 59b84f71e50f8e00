import ArgumentParser
import Foundation
import MemLayer

/// `memlayer forget ID` / `memlayer forget --all`.
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Delete one memory by id, or all of a user's memories, tasks and queued turns, with the graph edges "
            + "only they stated; the history keeps that they were deleted, not their text.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The id of the memory to delete.")
    var id: String?

    @Flag(help: "Delete every memory, task and queued extraction job of the user.")
    var all = false

    @Flag(help: "Print one JSON object {user, id, forgotten, removed_relationships}.")
    var json = false

    func validate() throws {
        if all && id != nil { throw ValidationError("give an id or --all, not both") }
        if !all && id == nil { throw ValidationError("give the id of the memory to forget, or --all") }
    }

    func run() async throws {
        let store = try await options.openStore()
        let forgotten: Int
        let edges: [GraphFact]
        do {
            if let id {
                edges = try await store.forget(id: id, userID: options.user)
                forgotten = 1
            } else {
                forgotten = try await store.forgetAll(userID: options.user)
                edges = []
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        if json {
            let object: [String: Any] = [
                "user": options.user, "id": id ?? NSNull(), "forgotten": forgotten,
                "removed_relationships": edges.map(GraphCommand.object(for:)),
            ]
            return try StandardOutput.line(try JSONOutput.string(object))
        }
        guard let id else { return try StandardOutput.line("forgot \(forgotten) memories of user \(options.user)") }
        try StandardOutput.line("forgot \(id)")
        for edge in edges { try StandardOutput.line("removed graph edge that came only from it: \(edge)") }
    }
}
