import ArgumentParser
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

    func validate() throws {
        if all && id != nil { throw ValidationError("give an id or --all, not both") }
        if !all && id == nil { throw ValidationError("give the id of the memory to forget, or --all") }
    }

    func run() async throws {
        let store = try options.openStore()
        if all {
            let count = try await store.forgetAll(userID: options.user)
            print("forgot \(count) memories of user \(options.user)")
        } else if let id {
            let edges = try await store.forget(id: id, userID: options.user)
            print("forgot \(id)")
            for edge in edges { print("removed graph edge that came only from it: \(edge)") }
        }
        await store.close()
    }
}
