import Foundation
import MemLayer
import MemLayerTesting

/// Builds Ollama `/api/chat` NDJSON streams (the shapes of docs/api.md) for chat-loop tests, and
/// a loopback server that answers each request from a script of replies, in order.
enum OllamaScript {
    static func line(content: String, toolCalls: [(String, String)] = []) -> String {
        var message: [String: Any] = ["role": "assistant", "content": content]
        if !toolCalls.isEmpty {
            message["tool_calls"] = toolCalls.map { name, arguments in
                [
                    "function": [
                        "name": name, "arguments": try! JSONSerialization.jsonObject(with: Data(arguments.utf8)),
                    ]
                ]
            }
        }
        let object: [String: Any] = [
            "model": "llama3.2", "created_at": "2025-07-07T20:22:19.184789Z", "message": message, "done": false,
        ]
        return String(
            decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static let done =
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.278330Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#

    /// A streamed text answer, one NDJSON line per chunk.
    static func answer(_ chunks: [String]) -> ScriptedResponse {
        stream(chunks.map { line(content: $0) } + [done])
    }

    /// A reply that calls tools.
    static func calls(_ calls: [(String, String)], text: String = "") -> ScriptedResponse {
        stream([line(content: text, toolCalls: calls), done])
    }

    static func stream(_ lines: [String], gate: LoopbackGate? = nil) -> ScriptedResponse {
        var parts = lines.map { ScriptedResponse.Part($0 + "\n") }
        if let gate, parts.count > 1 { parts[1].gate = gate }
        return ScriptedResponse.stream(parts, contentType: "application/x-ndjson", framing: .chunked)
    }

    /// A server answering the n-th `/api/chat` request with `replies[n]` (the last one repeats).
    static func server(_ replies: [ScriptedResponse]) throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            return replies[min(request.index, replies.count - 1)]
        }
        _ = try server.start()
        return server
    }
}
