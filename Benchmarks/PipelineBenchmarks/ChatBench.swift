import Foundation
import MemLayer
import MemLayerTesting

/// Time to first token through MemoryClient against a direct HTTP call, and the full
/// `search_memory` round, on one loopback Ollama server that answers instantly.
struct ChatBench {
    let engine: MemoryEngine
    let memories: Int

    static let answer = [
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"Hello"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":" there"},"done":false}"#,
        #"{"model":"llama3.2","created_at":"2025-07-07T20:22:19.20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}"#,
    ].map { $0 + "\n" }.joined()

    func run() async throws -> [String] {
        let server = LoopbackHTTPServer(
            responding: .stream([ScriptedResponse.Part(Self.answer)], contentType: "application/x-ndjson"))
        _ = try server.start()
        defer { server.stop() }
        let transport = HTTPTransport()
        let body = Data(#"{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":true}"#.utf8)
        let request = HTTPRequest(
            method: "POST", url: server.url("/api/chat"), headers: ["Content-Type": "application/json"], body: body,
            serviceName: "Ollama")
        let direct = try await measure(runs: 200, warmup: 10) {
            let response = try await transport.stream(request)
            for try await _ in response.body { break }
        }
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL, transport: transport), engine: engine,
            userID: "bench")
        let throughClient = try await measure(runs: 200, warmup: 10) {
            for try await _ in client.stream([.user("Hi")]) { break }
        }
        let call = ToolCall(
            id: "1", name: "search_memory",
            argumentsJSON: #"{"query":"where does my sister live","search_tier":"balanced"}"#)
        let search = await measure(runs: 200, warmup: 10) { _ = await client.execute(call) }
        let fastCall = ToolCall(
            id: "2", name: "search_memory",
            argumentsJSON: #"{"query":"where does my sister live","search_tier":"fast"}"#)
        let fastSearch = await measure(runs: 200, warmup: 10) { _ = await client.execute(fastCall) }
        let overhead = throughClient.p50 - direct.p50
        // One round's phases, so the table's total can be read against where the time goes.
        _ = await client.execute(call)
        let phases = await client.lastTrace.events.map { "\($0.name) \(ChatBenchFormat.ms($0.duration))" }
        FileHandle.standardError.write(Data("search_memory phases: \(phases.joined(separator: ", "))\n".utf8))
        return [
            "| chat path (loopback Ollama answering instantly) | p50 ms | p90 ms | note |",
            "| --- | --- | --- | --- |",
            "| direct HTTP call, first body chunk | \(format(direct.p50)) | \(format(direct.p90)) | baseline |",
            "| MemoryClient.stream, first text chunk | \(format(throughClient.p50)) | \(format(throughClient.p90)) | overhead \(format(overhead)) ms (target ≤ 2) |",
            "| search_memory round (embed + balanced search + format), \(memories) memories | \(format(search.p50)) | \(format(search.p90)) | target ≤ 10 ms p50 |",
            "| search_memory round, fast tier (embed + vector top-2 + format) | \(format(fastSearch.p50)) | \(format(fastSearch.p90)) | |",
        ]
    }
}

enum ChatBenchFormat {
    static func ms(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return format(Double(seconds) * 1000 + Double(attoseconds) / 1e15) + " ms"
    }
}
