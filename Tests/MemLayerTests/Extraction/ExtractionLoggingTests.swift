import Foundation
import InMemoryLogging
import Logging
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// What the library logs, captured by a handler of the test's own (no process-wide bootstrap):
/// failures nothing else reports are warnings, the ordinary path is debug, and no user text or
/// key appears.
@Suite("Extraction logging", .timeLimit(.minutes(1)))
struct ExtractionLoggingTests {
    /// A logger that keeps every entry, trace and up, in `handler`.
    static func capturing() -> (Logger, InMemoryLogHandler) {
        var handler = InMemoryLogHandler()
        handler.logLevel = .trace
        return (Logger(label: "test", factory: { [handler] _ in handler }), handler)
    }

    @Test("a salience gate that cannot be built is a warning on the configured logger, and the turn is extracted")
    func gateBuildFailure() async throws {
        let (logger, log) = Self.capturing()
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [ExtractionFailureTests.valid])
        defer { server.stop() }
        var configuration = ExtractionFixture.configuration(reports: ReportLog())
        configuration.salience = SalienceConfiguration(mode: .online)  // online without an embedder: an error
        configuration.logger = logger
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: fixture.engine,
            userID: "alice", options: ExtractionFixture.options, extraction: configuration, keepsTurns: false)
        _ = try await client.chat([.user("I live in Lisbon")])
        try await client.flush(timeout: .seconds(30))
        await client.close()

        let warnings = log.entries.filter { $0.level == .warning }.map(\.message.description)
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.hasPrefix("no salience gate (online salience needs a remote embedder") == true
                && warnings.first?.hasSuffix("every turn goes to the extraction model") == true, "\(warnings)")
        let debug = log.entries.filter { $0.level == .debug }
        #expect(
            debug.map(\.message.description) == [
                "extraction job started", "salience gate sent the turn to extraction", "extraction job extracted",
                "extraction stopped",
            ])
        #expect(debug.first?.metadata["job_id"] == "1" && debug.first?.metadata["origin"] == "chat")
        #expect(debug[2].metadata["facts_added"] == "1")
        // What the user said stays out of the log.
        for entry in log.entries {
            #expect(!"\(entry.message) \(entry.metadata)".contains("Lisbon"), "\(entry)")
        }
    }

    @Test("retries and pauses are info; a key a server echoes is masked")
    func retriesAreInfo() async throws {
        let (logger, log) = Self.capturing()
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [ExtractionFailureTests.valid])
        defer { server.stop() }
        let base = OllamaChatProvider(model: "llama3.2", host: server.baseURL)
        let echoing = EchoingOutage(base, message: "bad key sk-proj-abcdefghijklmnop1234 rejected")
        var configuration = ExtractionFixture.configuration(reports: ReportLog(), gate: SmallTalkGate())
        configuration.logger = logger
        let client = MemoryClient(
            provider: base, engine: fixture.engine, userID: "alice", options: ExtractionFixture.options,
            extraction: configuration, extractionProvider: echoing, keepsTurns: false)
        let events = client.extractionEvents()
        _ = try await client.chat([.user("I live in Lisbon")])
        for await event in events {
            if case .finished(let report) = event, case .extracted = report.outcome { break }
        }
        await client.close()

        let info = log.entries.filter { $0.level == .info }.map(\.message.description)
        #expect(info.count == 1 && info.first?.hasPrefix("extraction paused: ") == true, "\(info)")
        #expect(info.first?.contains("[REDACTED]") == true, "\(info)")
        for entry in log.entries {
            #expect(!"\(entry.message) \(entry.metadata)".contains("abcdefghijklmnop1234"), "\(entry)")
        }
        #expect(log.entries.allSatisfy { $0.level < .warning })
    }

    @Test("a failed try is info without the model's reply, which the trace level alone carries")
    func failedTryKeepsReplyAtTrace() async throws {
        let (logger, log) = Self.capturing()
        let fixture = try await StoreFixture()
        let chatty = ExtractionScript.reply("Sure! The user lives in Lisbon, which is lovely.")
        let server = try ExtractionScript.server(extraction: [chatty, ExtractionFailureTests.valid])
        defer { server.stop() }
        var configuration = ExtractionFixture.configuration(reports: ReportLog(), gate: SmallTalkGate())
        configuration.logger = logger
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: fixture.engine,
            userID: "alice", options: ExtractionFixture.options, extraction: configuration, keepsTurns: false)
        _ = try await client.chat([.user("I live in Lisbon")])
        try await client.flush(timeout: .seconds(30))
        await client.close()

        let info = log.entries.filter { $0.level == .info }
        #expect(info.map(\.message.description) == ["extraction try failed; the job stays queued for another"])
        #expect(info.first?.metadata["attempt"] == "1" && info.first?.metadata["job_id"] == "1")
        let quoting = log.entries.filter { "\($0.message)".contains("Lisbon") }
        #expect(quoting.count == 1 && quoting.allSatisfy { $0.level == .trace }, "\(quoting)")
    }

    @Test("word lists that cannot be read are a warning saying what is lost, not a write to standard error")
    func lexiconLoadFailure() throws {
        let empty = try TemporaryDirectory()
        let (logger, log) = Self.capturing()
        #expect(ExtractionLexicon.loadOrWarn(from: empty.url, logger: logger) == nil)
        #expect(TimeLexicon.loadOrWarn(from: empty.url, logger: logger) == nil)
        #expect(SmallTalkPhrases.loadOrWarn(from: empty.url, logger: logger).phrases.isEmpty)
        let entries = log.entries
        #expect(entries.map(\.level) == [.warning, .warning, .warning])
        let messages = entries.map(\.message.description)
        #expect(messages.count == 3)
        guard messages.count == 3 else { return }
        #expect(messages[0].hasSuffix("; extracted reminders are dropped") && messages[0].contains(empty.url.path))
        #expect(messages[1].hasSuffix("; time expressions are not resolved"))
        #expect(messages[2].hasSuffix("; no turn is skipped as small talk"))
    }

    @Test("the shipped word lists load without a word in the log")
    func shippedListsQuiet() throws {
        let (logger, log) = Self.capturing()
        #expect(ExtractionLexicon.loadOrWarn(logger: logger) != nil)
        #expect(TimeLexicon.loadOrWarn(logger: logger) != nil)
        #expect(!SmallTalkPhrases.loadOrWarn(logger: logger).phrases.isEmpty)
        #expect(log.entries.isEmpty)
    }
}

/// An extraction provider whose first call fails as unreachable with `message` (a server's
/// words, which may quote a key), then passes requests on.
final class EchoingOutage: ChatProvider {
    private let message: String
    private let base: any ChatProvider
    private let failed = Flag()

    init(_ base: any ChatProvider, message: String) {
        self.base = base
        self.message = message
    }

    var name: String { base.name }
    var model: String { base.model }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        guard !failed.isSet else { return base.stream(request) }
        failed.set()
        let error = ProviderError(.unreachable, provider: name, message)
        return AsyncThrowingStream { $0.finish(throwing: error) }
    }
}
