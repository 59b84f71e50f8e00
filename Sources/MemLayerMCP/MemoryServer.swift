import Foundation
import MCP
import MemLayer

/// The memory as a Model Context Protocol server: the tools of ``MemoryToolCatalog`` for one
/// user, served with the official Swift SDK's `Server` over a ``LineTransport``.
///
/// ``run(transport:)`` returns when the input ends or SIGTERM/SIGINT arrives. Either way the
/// server first answers every request it has read (up to ``drainTimeout``), then stops the
/// extraction worker — queued notes stay on disk for the next start or `memlayer extract` —
/// and closes the store.
public struct MemoryServer: Sendable {
    /// What `serverInfo` says.
    public static let name = "memlayer"
    public static let version = "0.1.0"
    /// How long a stopping server waits for calls it has read to finish.
    public static let drainTimeout: Duration = .seconds(10)

    /// Why ``run(transport:)`` returned.
    public enum Stop: Sendable, Equatable {
        /// The client closed the input.
        case endOfInput
        /// A signal asked the server to stop.
        case signal(Int32)
    }

    public let engine: MemoryEngine
    public let userID: String
    /// The chat model that distils `add_memory` notes into facts; nil stores them as written.
    public let extractionProvider: (any ChatProvider)?
    /// Where progress and problems are reported (standard error in `memlayer mcp`: standard
    /// output carries only protocol messages).
    public let log: @Sendable (String) -> Void
    /// Logs every search's phases and durations.
    public let tracesSearches: Bool

    /// A server for `userID`'s memory in `engine`.
    public init(
        engine: MemoryEngine, userID: String, extractionProvider: (any ChatProvider)? = nil,
        tracesSearches: Bool = false, log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.engine = engine
        self.userID = userID
        self.extractionProvider = extractionProvider
        self.tracesSearches = tracesSearches
        self.log = log
    }

    /// Serves until the input ends or SIGTERM/SIGINT arrives; closes the store before returning.
    public func run(transport: LineTransport) async throws -> Stop {
        let signals = ShutdownSignals()
        defer { signals.restore() }
        let worker = extractionProvider.map { provider in
            var configuration = ExtractionWorker.Configuration()
            let log = self.log
            configuration.onReport = { report in log("extraction job \(report.jobID): \(report.outcome)") }
            return ExtractionWorker(engine: engine, provider: provider, configuration: configuration)
        }
        var wake: (@Sendable () -> Void)?
        if let worker { wake = { worker.notify() } }
        var toolbox = MemoryToolbox(engine: engine, userID: userID, extraction: wake)
        if tracesSearches {
            let log = self.log
            toolbox.searchTrace = { trace in
                log("search_memory: " + trace.description.split(separator: "\n").joined(separator: "; "))
            }
        }
        let server = try await start(toolbox: toolbox, on: transport)

        let stop = await withTaskGroup(of: Stop?.self) { group in
            group.addTask {
                await server.waitUntilCompleted()
                return .endOfInput
            }
            group.addTask {
                for await number in signals.stream { return .signal(number) }
                return nil
            }
            if let worker {
                group.addTask {
                    await worker.run()
                    return nil
                }
            }
            var stop = Stop.endOfInput
            while let next = await group.next() {
                if let next {
                    stop = next
                    break
                }
            }
            let unanswered = await transport.finishRequests(timeout: Self.drainTimeout)
            if unanswered > 0 { log("stopping with \(unanswered) calls unanswered after \(Self.drainTimeout)") }
            await server.stop()
            group.cancelAll()
            return stop
        }
        await engine.store.close()
        log("stopped (\(stop == .endOfInput ? "end of input" : "signal")); the store is closed")
        return stop
    }

    /// The SDK's server with the tools' handlers, started on `transport`.
    private func start(toolbox: MemoryToolbox, on transport: LineTransport) async throws -> Server {
        let server = Server(
            name: Self.name, version: Self.version, title: "MemLayer memory",
            instructions: Self.instructions, capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: MemoryToolCatalog.tools) }
        await server.withMethodHandler(CallTool.self) { call in
            await toolbox.call(call.name, arguments: call.arguments)
        }
        let log = self.log
        let userID = self.userID
        try await server.start(transport: transport) { client, _ in
            log("client \(client.name) \(client.version) connected; serving the memory of user \(userID)")
        }
        return server
    }

    /// What the server tells the calling model about itself.
    static let instructions = """
        Long-term memory of the user you are talking with, kept on their machine. Search it (search_memory) \
        before answering anything personal; save what the user shares that will matter later (add_memory); \
        delete what they ask you to forget.
        """
}
