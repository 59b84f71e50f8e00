import Foundation
import MemLayer
import MemLayerTesting
import Synchronization

/// A scripted Ollama `/api/chat` that tells chat requests from extraction requests (JSON mode,
/// `"format": "json"`) and answers each kind from its own script, in order.
enum ExtractionScript {
    /// An extraction reply: `text` streamed as two NDJSON chunks, as Ollama sends JSON mode.
    static func reply(_ text: String) -> ScriptedResponse {
        let middle = text.index(text.startIndex, offsetBy: text.count / 2)
        return OllamaScript.answer([String(text[..<middle]), String(text[middle...])])
    }

    /// True for a request the extraction worker sent: JSON mode, or (once Ollama is given the
    /// reply's schema) a schema as `format`.
    static func isExtraction(_ request: RecordedRequest) -> Bool {
        let format = (request.jsonBody() as? [String: Any])?["format"]
        return format as? String == "json" || format is [String: Any]
    }

    /// The system prompt and user message of an extraction request.
    static func prompt(_ request: RecordedRequest) -> (system: String, user: String) {
        let messages = ((request.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
        let text = { (role: String) in messages.first { $0["role"] as? String == role }?["content"] as? String ?? "" }
        return (text("system"), text("user"))
    }

    /// A server answering chat requests with `chat[n]` and the n-th extraction request with
    /// `extraction(request, n)` (scripts repeat their last reply).
    static func server(
        chat: [ScriptedResponse] = [OllamaScript.answer(["Noted."])],
        extraction: @escaping @Sendable (RecordedRequest, Int) -> ScriptedResponse
    ) throws -> LoopbackHTTPServer {
        let counts = Counts()
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            if isExtraction(request) { return extraction(request, counts.next(\.extraction)) }
            return chat[min(counts.next(\.chat), chat.count - 1)]
        }
        _ = try server.start()
        return server
    }

    static func server(chat: [ScriptedResponse] = [OllamaScript.answer(["Noted."])], extraction: [ScriptedResponse])
        throws -> LoopbackHTTPServer
    {
        try server(chat: chat) { _, index in extraction[min(index, extraction.count - 1)] }
    }

    private final class Counts: Sendable {
        struct Values {
            var chat = 0
            var extraction = 0
        }
        private let values = Mutex(Values())

        func next(_ key: WritableKeyPath<Values, Int>) -> Int {
            values.withLock { values in
                defer { values[keyPath: key] += 1 }
                return values[keyPath: key]
            }
        }
    }
}

/// A salience gate for tests: small talk is not salient, everything else is. Counts its calls.
final class SmallTalkGate: SalienceGate {
    private let calls = Mutex<[String]>([])
    static let smallTalk: Set<String> = ["hi", "hello", "thanks", "thanks!", "ok", "bye"]

    var evaluated: [String] { calls.withLock { $0 } }

    func evaluate(_ text: String) async throws -> SalienceDecision {
        calls.withLock { $0.append(text) }
        let salient = !Self.smallTalk.contains(text.lowercased().trimmingCharacters(in: .whitespaces))
        return SalienceDecision(
            isSalient: salient, score: salient ? 1 : 0, reason: salient ? "test: content" : "test: small talk")
    }
}

/// Collects the worker's reports.
final class ReportLog: Sendable {
    private let reports = Mutex<[ExtractionReport]>([])

    var all: [ExtractionReport] { reports.withLock { $0 } }
    var outcomes: [ExtractionReport.Outcome] { all.map(\.outcome) }

    func append(_ report: ExtractionReport) {
        reports.withLock { $0.append(report) }
    }
}

/// A gate that rejects everything: proves notes and documents are never gated.
struct RejectingGate: SalienceGate {
    func evaluate(_ text: String) async throws -> SalienceDecision {
        SalienceDecision(isSalient: false, score: 0, reason: "test: rejects all")
    }
}

/// A provider that is unreachable for its first `failures` calls, then passes requests on.
final class FlakyProvider: ChatProvider {
    private let base: any ChatProvider
    private let remaining: Mutex<Int>

    init(_ base: any ChatProvider, failures: Int) {
        self.base = base
        remaining = Mutex(failures)
    }

    var name: String { base.name }
    var model: String { base.model }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        let fail = remaining.withLock { count -> Bool in
            defer { count = max(0, count - 1) }
            return count > 0
        }
        guard fail else { return base.stream(request) }
        return AsyncThrowingStream {
            $0.finish(
                throwing: ProviderError(.unreachable, provider: self.name, "scripted outage — start `ollama serve`"))
        }
    }
}

/// A flag one task sets and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() {
        value.withLock { $0 = true }
    }
}
