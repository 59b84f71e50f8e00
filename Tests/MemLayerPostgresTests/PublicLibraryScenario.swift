import Foundation
import MemLayer
import MemLayerPostgres
import MemLayerTesting
import Synchronization

/// What a library user does with a store, written with public API only (this file has no
/// `@testable` import and names no `package` symbol): a `MemoryClient` over the store chats with
/// a loopback Ollama (one `search_memory` round, then the answer), the worker extracts the turn,
/// and `client.memories` adds, searches, gets, lists, updates, deletes and reads history.
///
/// Run once per store; what a user can see is returned, so the two stores can be compared.
struct PublicLibraryScenario {
    /// What the user saw, in the order they saw it (ids differ between stores, so by text).
    struct Observed: Equatable {
        var answer = ""
        var toolResult = ""
        var afterExtraction: [String] = []
        var searchTexts: [String] = []
        var fetched: String?
        var updated = ""
        var history: [String] = []
        var afterDelete: [String] = []
        var fetchedAfterDelete: String?
    }

    static let extractedFact = "User's sister Dana lives in Porto."

    /// Runs the scenario on `store` (left open: the caller closes it).
    static func run(on store: any MemoryStoreBackend) async throws -> Observed {
        let server = try ollama()
        defer { server.stop() }
        let client = try await MemoryClient(ollama: "llama3.2", user: "alice", store: store, host: server.baseURL)
        var observed = Observed()
        do {
            let work = try await client.memories.add("I work at Acme Corp as an engineer")
            observed.answer = try await client.chat([.user("Where do I work? And my sister Dana moved to Porto.")])
            // The result names the memory by its id, which differs between stores.
            observed.toolResult = toolResult(in: server.requests).replacingOccurrences(of: work.id, with: "<id>")
            try await client.flush(timeout: .seconds(120))
            observed.afterExtraction = try await client.memories.list().map { "\($0.kind.rawValue): \($0.text)" }

            let found = try await client.memories.search("where does my sister live?")
            observed.searchTexts = found.hits.map(\.memory.text)
            let stored = try await client.memories.add("Alice plays the cello")
            observed.fetched = try await client.memories.get(stored.id)?.text
            observed.updated = try await client.memories.update(stored.id, text: "Alice plays the viola").text
            try await client.memories.delete(stored.id)
            observed.history = try await client.memories.history(of: stored.id).reversed().map {
                "\($0.action.rawValue): \($0.text ?? "-")"
            }
            observed.afterDelete = try await client.memories.list().map(\.text)
            observed.fetchedAfterDelete = try await client.memories.get(stored.id)?.text
        } catch {
            await client.close()
            throw error
        }
        await client.close()
        return observed
    }

    /// Ollama's `/api/chat`: the chat asks for `search_memory`, then answers; the extraction
    /// request (JSON mode, or a schema as `format`) gets one fact.
    static func ollama() throws -> LoopbackHTTPServer {
        let chats = Mutex(0)
        let server = LoopbackHTTPServer { request in
            guard request.path == "/api/chat" else { return .json(#"{"error":"not found"}"#, status: 404) }
            let format = (request.jsonBody() as? [String: Any])?["format"]
            if format is String || format is [String: Any] {
                return answer([#"{"facts": [{"text": "\#(extractedFact)", "importance": 0.8}]}"#])
            }
            let round = chats.withLock { count in
                defer { count += 1 }
                return count
            }
            if round == 0 {
                return stream([line(content: "", toolCalls: [("search_memory", ["query": "where does the user work"])])]
                )
            }
            return answer(["You work at ", "Acme Corp."])
        }
        _ = try server.start()
        return server
    }

    /// The text the client sent back as the `search_memory` result.
    static func toolResult(in requests: [RecordedRequest]) -> String {
        for request in requests {
            let messages = (request.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]] ?? []
            if let tool = messages.first(where: { $0["role"] as? String == "tool" }) {
                return tool["content"] as? String ?? ""
            }
        }
        return ""
    }

    static func answer(_ chunks: [String]) -> ScriptedResponse {
        stream(chunks.map { line(content: $0) })
    }

    /// An NDJSON stream as Ollama sends it: one line per chunk, then the closing line.
    static func stream(_ lines: [String]) -> ScriptedResponse {
        let done =
            #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.278330Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#
        return .stream(
            (lines + [done]).map { ScriptedResponse.Part($0 + "\n") }, contentType: "application/x-ndjson",
            framing: .chunked)
    }

    static func line(content: String, toolCalls: [(String, [String: String])] = []) -> String {
        var message: [String: Any] = ["role": "assistant", "content": content]
        if !toolCalls.isEmpty {
            message["tool_calls"] = toolCalls.map { ["function": ["name": $0.0, "arguments": $0.1]] }
        }
        let object: [String: Any] = [
            "model": "llama3.2", "created_at": "2025-07-07T20:22:19.184789Z", "message": message, "done": false,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
