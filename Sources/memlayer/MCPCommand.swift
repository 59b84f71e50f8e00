import ArgumentParser
import Foundation
import MemLayer
import MemLayerMCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `memlayer mcp`: the store served to MCP clients (Claude Desktop, IDE agents) over standard
/// input and output.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the memory to MCP clients (Claude Desktop, IDE agents) over standard input and output.",
        discussion: """
            Speaks the Model Context Protocol: tools add_memory, search_memory, list_memories, delete_memory, \
            delete_all_memories, schedule_task and list_tasks, all on the memory of --user (a client cannot \
            choose another user). With --provider, add_memory queues notes for that chat model to distil into \
            facts in the background; without it, notes are stored as written. Standard output carries only \
            protocol messages; logs go to standard error. The server stops at end of input or on SIGTERM, \
            after answering the calls it has read; queued notes stay in the store.
            """)

    @OptionGroup var options: StoreOptions

    @Option(
        help: """
            Chat service that distils add_memory notes into facts: \
            \(ProviderSpecification.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (default: none, store as written).
            """)
    var provider: String?

    @Option(help: "Extraction model name (with --provider; default depends on the provider).")
    var model: String?

    @Option(help: "The extraction service's base URL (with --provider).")
    var baseURL: String?

    @Flag(help: "Log every search's phases and durations to standard error.")
    var trace = false

    func validate() throws {
        if provider == nil && (model != nil || baseURL != nil) {
            throw ValidationError(
                "--model and --base-url choose the extraction model; name its service with --provider")
        }
        _ = try providerOptions()
    }

    /// The `ask`/`chat` provider options for `--provider`, `--model` and `--base-url`, or nil
    /// without `--provider`.
    func providerOptions() throws -> ProviderOptions? {
        guard let provider else { return nil }
        var arguments = ["--provider", provider]
        if let model { arguments += ["--model", model] }
        if let baseURL { arguments += ["--base-url", baseURL] }
        return try ProviderOptions.parse(arguments)
    }

    func run() async throws {
        // A client that goes away mid-answer must not kill the server before it closes the store.
        signal(SIGPIPE, SIG_IGN)
        // The protocol writes to a private copy of standard output, and descriptor 1 becomes standard
        // error: nothing else the process prints can ever land in the protocol stream.
        let protocolOutput = dup(STDOUT_FILENO)
        guard protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else {
            throw ValidationError("cannot set up standard output for the protocol (errno \(errno))")
        }
        let provider = try providerOptions()?.specification().makeProvider()
        let engine = try await options.openEngine()
        let server = MemoryServer(
            engine: engine, userID: options.user, extractionProvider: provider, tracesSearches: trace,
            log: { StandardOutput.error("memlayer mcp: \($0)\n") })
        _ = try await server.run(transport: LineTransport(input: STDIN_FILENO, output: protocolOutput))
    }
}
