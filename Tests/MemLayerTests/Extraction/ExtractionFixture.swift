import Foundation
import Logging
import MemLayer
import MemLayerTesting

/// A MemoryClient with its extraction worker, on a fresh store, talking to a scripted Ollama that
/// answers chat and extraction requests from separate scripts.
struct ExtractionFixture {
    let store: StoreFixture
    let server: LoopbackHTTPServer
    let client: MemoryClient
    let reports = ReportLog()
    /// Thursday 26 November 2026, 10:30 UTC.
    static let now = ClientFixture.now

    /// The worker configuration the fixture uses: fixed clock and zone, short back-off.
    static func configuration(
        reports: ReportLog, gate: (any SalienceGate)? = nil, duplicates: DuplicatePolicy? = nil
    ) -> ExtractionWorker.Configuration {
        var configuration = ExtractionWorker.Configuration()
        configuration.gate = gate
        configuration.salience = nil  // tests that gate pass their own; the default is tested on its own
        configuration.duplicates = duplicates
        configuration.timeZone = TimeZone(identifier: "UTC")!
        configuration.now = { ExtractionFixture.now }
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(200)
        configuration.onReport = { reports.append($0) }
        // Quiet: the default would write to the test's standard error (ExtractionLoggingTests reads the log).
        configuration.logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return configuration
    }

    static var options: ChatOptions {
        var options = ChatOptions()
        options.now = { ExtractionFixture.now }
        options.timeZone = TimeZone(identifier: "UTC")!
        return options
    }

    init(
        chat: [ScriptedResponse] = [OllamaScript.answer(["Noted."])], extraction: [ScriptedResponse],
        gate: (any SalienceGate)? = nil, duplicates: DuplicatePolicy? = nil,
        extractionProvider: (any ChatProvider)? = nil,
        userID: String = "alice", keepsTurns: Bool = false
    ) async throws {
        let server = try ExtractionScript.server(chat: chat, extraction: extraction)
        try await self.init(
            server: server, gate: gate, duplicates: duplicates, extractionProvider: extractionProvider, userID: userID,
            keepsTurns: keepsTurns)
    }

    /// `keepsTurns` is off by default here: these tests count what extraction writes, and
    /// `KeptTurnTests` covers the turns kept beside it.
    init(
        server: LoopbackHTTPServer, store: StoreFixture? = nil, gate: (any SalienceGate)? = nil,
        duplicates: DuplicatePolicy? = nil, extractionProvider: (any ChatProvider)? = nil, userID: String = "alice",
        keepsTurns: Bool = false
    ) async throws {
        if let store { self.store = store } else { self.store = try await StoreFixture() }
        self.server = server
        client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: self.store.engine,
            userID: userID, options: Self.options,
            extraction: Self.configuration(reports: reports, gate: gate, duplicates: duplicates),
            extractionProvider: extractionProvider, keepsTurns: keepsTurns)
    }

    /// A second client for `userID` on the same store and server (its own worker).
    func client(for userID: String) -> MemoryClient {
        MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: store.engine, userID: userID,
            options: Self.options, extraction: Self.configuration(reports: reports), keepsTurns: false)
    }

    /// The extraction requests the server received, in order.
    var extractionRequests: [RecordedRequest] { server.requests.filter(ExtractionScript.isExtraction) }

    func inspector() throws -> StoreInspector { try StoreInspector(path: store.path) }

    /// `userID`'s active facts' texts, oldest first.
    func facts(_ userID: String = "alice") async throws -> [Memory] {
        try await store.store.memories(userID: userID).filter { $0.kind == .fact }
    }
}
