import Foundation
import MemLayerTesting
import Synchronization

/// A loopback Ollama for the CLI: chat requests get a short streamed answer; extraction requests
/// (JSON mode) get whatever `extraction` returns for the request's text and their number.
enum ScriptedOllama {
    /// A streamed reply of `content`, its first line sent after `delay`.
    static func reply(_ content: String, after delay: Duration = .zero) -> ScriptedResponse {
        let lines = [
            #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":\#(quoted(content))},"done":false}"#,
            #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#,
        ]
        return .stream(
            lines.enumerated().map { ScriptedResponse.Part($1 + "\n", after: $0 == 0 ? delay : .zero) },
            contentType: "application/x-ndjson")
    }

    static func isExtraction(_ request: RecordedRequest) -> Bool {
        let format = (request.jsonBody() as? [String: Any])?["format"]
        return format as? String == "json" || format is [String: Any]
    }

    /// The user message of a request.
    static func userText(_ request: RecordedRequest) -> String {
        let messages = ((request.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
        return messages.last { $0["role"] as? String == "user" }?["content"] as? String ?? ""
    }

    static func server(
        chat: String = "Hello!", extraction: @escaping @Sendable (_ userText: String, _ call: Int) -> ScriptedResponse
    ) throws -> LoopbackHTTPServer {
        let calls = Counter()
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            guard isExtraction(request) else { return reply(chat) }
            return extraction(userText(request), calls.next())
        }
        _ = try server.start()
        return server
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast()
            .description
    }

    final class Counter: Sendable {
        private let value = Mutex(0)

        func next() -> Int {
            value.withLock { value in
                defer { value += 1 }
                return value
            }
        }
    }
}
