import Foundation
import MemLayerTesting
import Testing

/// `memlayer ask` and `memlayer chat` against loopback servers speaking each provider's protocol.
@Suite("memlayer ask and chat", .serialized)
struct CLIChatTests {
    static let ollama = [
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"Hello from "},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":"Ollama 👋"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":4}"#,
    ].map { $0 + "\n" }

    static let openAI = [
        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello from OpenAI"},"finish_reason":null}]}"#,
        #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
        "data: [DONE]",
    ].map { $0 + "\n\n" }

    static let claude = [
        (
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5-20251001","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#
        ),
        ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
        ("ping", #"{"type": "ping"}"#),
        (
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello from Claude"}}"#
        ),
        ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        (
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}"#
        ),
        ("message_stop", #"{"type":"message_stop"}"#),
    ].map { "event: \($0.0)\ndata: \($0.1)\n\n" }

    static let gemini = [
        #"data: {"candidates": [{"content": {"parts": [{"text": "Hello from Gemini"}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 5,"candidatesTokenCount": 4,"totalTokenCount": 9},"modelVersion": "gemini-3.5-flash"}"#
    ].map { $0 + "\r\n\r\n" }

    private func server(path: String, parts: [String], contentType: String) throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer { request in
            guard request.path == path else {
                return .json(#"{"error":"unexpected path \#(request.path)"}"#, status: 404)
            }
            return .stream(parts.map { ScriptedResponse.Part($0) }, contentType: contentType)
        }
        _ = try server.start()
        return server
    }

    private let noKeys = ["OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": "", "GEMINI_API_KEY": "", "GOOGLE_API_KEY": ""]

    @Test(
        "ask streams the answer from each provider's protocol and queues the turn",
        arguments: [
            ("ollama", "/api/chat", "application/x-ndjson", "Hello from Ollama 👋", "", [String: String]()),
            (
                "openai", "/v1/chat/completions", "text/event-stream", "Hello from OpenAI", "/v1",
                ["OPENAI_API_KEY": "sk-test-123"]
            ),
            (
                "claude", "/v1/messages", "text/event-stream", "Hello from Claude", "",
                ["ANTHROPIC_API_KEY": "sk-ant-test"]
            ),
            (
                "gemini", "/v1beta/models/gemini-3.5-flash:streamGenerateContent", "text/event-stream",
                "Hello from Gemini", "/v1beta",
                ["GEMINI_API_KEY": "AIza-test"]
            ),
        ])
    func ask(
        provider: String, path: String, contentType: String, expected: String, basePath: String, keys: [String: String]
    ) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let parts: [String] =
            switch provider {
            case "ollama": Self.ollama
            case "openai": Self.openAI
            case "claude": Self.claude
            default: Self.gemini
            }
        let server = try server(path: path, parts: parts, contentType: contentType)
        defer { server.stop() }
        let base = server.baseURL.absoluteString + basePath
        let result = try cli.run(
            ["ask", "Say hello", "--provider", provider, "--base-url", base, "--embedder", "hash", "--no-wait"],
            environment: noKeys.merging(keys) { $1 })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected + "\n")
        #expect(server.requestCount == 1)
        let stats = try cli.run(["stats", "--json"])
        #expect(stats.stdout.contains("\"queued_extraction_jobs\" : 1"), "\(stats.stdout)")
        for key in keys.values { #expect(!result.stderr.contains(key)) }
    }

    @Test("chat keeps the conversation across turns and leaves on /exit")
    func chatRepl() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try server(path: "/api/chat", parts: Self.ollama, contentType: "application/x-ndjson")
        defer { server.stop() }
        let result = try cli.run(
            ["chat", "--base-url", server.baseURL.absoluteString, "--embedder", "hash", "--no-wait"],
            input: "My name is Ada.\nWhat is my name?\n/exit\nnever sent\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello from Ollama 👋\nHello from Ollama 👋\n")
        #expect(server.requestCount == 2)
        let second = try #require(server.requests.last?.jsonBody() as? [String: Any])
        let roles = (second["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
        #expect(roles == ["system", "user", "assistant", "user"])
    }

    @Test(
        "a missing key or an unreachable Ollama is one clear line, a non-zero exit, and nothing queued",
        arguments: [
            ("openai", "OPENAI_API_KEY"), ("claude", "ANTHROPIC_API_KEY"), ("gemini", "GEMINI_API_KEY"),
            ("ollama", "ollama serve"),
        ])
    func failures(provider: String, hint: String) throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let result = try cli.run(
            ["ask", "hi", "--provider", provider, "--embedder", "hash"],
            environment: noKeys.merging(["OLLAMA_HOST": "127.0.0.1:\(refusing.port)"]) { $1 })
        #expect(result.status != 0)
        #expect(result.stderr.contains(hint), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count <= 2, "\(result.stderr)")
        // A missing key fails before the store is opened: then there is no store to hold a job.
        guard FileManager.default.fileExists(atPath: cli.store) else { return }
        let stats = try cli.run(["stats", "--json"])
        #expect(stats.stdout.contains("\"queued_extraction_jobs\" : 0"))
    }
}
