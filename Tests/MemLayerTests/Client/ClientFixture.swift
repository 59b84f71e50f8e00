import Foundation
import MemLayer
import MemLayerTesting

/// A MemoryClient on a fresh store, talking to a scripted Ollama over loopback.
struct ClientFixture {
    let store: StoreFixture
    let server: LoopbackHTTPServer
    let client: MemoryClient
    /// A fixed "now": Thursday 26 November 2026, 10:30 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_689_000)

    init(_ replies: [ScriptedResponse], userID: String = "alice") async throws {
        store = try await StoreFixture()
        server = try OllamaScript.server(replies)
        let provider = OllamaChatProvider(model: "llama3.2", host: server.baseURL)
        var options = ChatOptions()
        options.now = { ClientFixture.now }
        options.timeZone = TimeZone(identifier: "UTC")!
        // No extraction worker: these tests look at the queue and at every request the model gets.
        client = MemoryClient(
            provider: provider, engine: store.engine, userID: userID, options: options, extraction: nil)
    }

    /// The JSON body of the n-th request the model server received.
    func request(_ index: Int) -> [String: Any] {
        (server.requests[index].jsonBody() as? [String: Any]) ?? [:]
    }

    /// The messages array of the n-th request.
    func messages(_ index: Int) -> [[String: Any]] {
        (request(index)["messages"] as? [[String: Any]]) ?? []
    }

    func queued() async throws -> [ExtractionJob] {
        try await store.store.queuedJobs()
    }
}
