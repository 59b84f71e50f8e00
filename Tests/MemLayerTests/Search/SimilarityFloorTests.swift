import Foundation
import MemLayer
import Testing

/// What a hit's similarity is, which retrievers found it, and what a floor leaves out — in the
/// library, and in the `search_memory` tool a model reads.
@Suite("Similarity and the similarity floor")
struct SimilarityFloorTests {
    private static let sams = [
        "User's sister Dana lives in Porto and teaches chemistry.",
        "User has a dog named Biscuit, a golden retriever.",
        "User is allergic to peanuts.",
        "User plays bass guitar in a jazz band on Thursdays.",
    ]

    /// A client on a MiniLM store holding ``sams``; `execute` runs tools without calling the model.
    private func miniLMClient(_ options: ChatOptions = ChatOptions()) async throws -> (StoreFixture, MemoryClient) {
        let embedder = try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory)
        let fixture = try await StoreFixture(embedder: embedder)
        for text in Self.sams { try await fixture.engine.remember(text, userID: "sam") }
        let provider = OllamaChatProvider(model: "unused", host: URL(string: "http://127.0.0.1:9")!)
        let client = MemoryClient(
            provider: provider, engine: fixture.engine, userID: "sam", options: options, extraction: nil,
            curationInterval: nil)
        return (fixture, client)
    }

    private func searchMemory(_ client: MemoryClient, _ query: String) async -> String {
        let arguments = String(data: try! JSONSerialization.data(withJSONObject: ["query": query]), encoding: .utf8)!
        return await client.execute(ToolCall(id: "1", name: "search_memory", argumentsJSON: arguments))
    }

    @Test("search_memory: an unrelated question hears that nothing relevant is in memory; a related one finds it")
    func toolFloor() async throws {
        let (fixture, client) = try await miniLMClient()
        let unrelated = await searchMemory(client, "What is the capital of Australia?")
        #expect(
            unrelated.hasPrefix("Nothing relevant in memory for \"What is the capital of Australia?\""), "\(unrelated)")
        #expect(unrelated.contains("similarity below 0.15") && !unrelated.contains("Biscuit"), "\(unrelated)")
        let related = await searchMemory(client, "Where does my sister live?")
        #expect(related.contains("[1]") && related.contains("Dana lives in Porto"), "\(related)")
        await client.close()

        // The floor is what silenced it: without one, the least bad guesses come back.
        var options = ChatOptions()
        options.memoryFloor = .off
        let unfloored = MemoryClient(
            provider: OllamaChatProvider(model: "unused", host: URL(string: "http://127.0.0.1:9")!),
            engine: fixture.engine, userID: "sam", options: options, extraction: nil, curationInterval: nil)
        let guesses = await searchMemory(unfloored, "What is the capital of Australia?")
        #expect(guesses.hasPrefix("Memories found") && guesses.contains("[4]"), "\(guesses)")
        await unfloored.close()
    }

    @Test("the floor is per embedder: MiniLM's was measured, the hashing embedder and unknown ones get none")
    func perEmbedder() {
        #expect(SimilarityFloor.embedderDefault.minimum(forEmbedder: "minilm-l6-v2/384") == 0.15)
        #expect(SimilarityFloor.embedderDefault.minimum(forEmbedder: HashingEmbedder().id) == nil)
        #expect(SimilarityFloor.embedderDefault.minimum(forEmbedder: "ollama:nomic-embed-text/768") == nil)
        #expect(SimilarityFloor.minimum(0.4).minimum(forEmbedder: HashingEmbedder().id) == 0.4)
        #expect(SimilarityFloor.off.minimum(forEmbedder: "minilm-l6-v2/384") == nil)
    }

    @Test("every hit's similarity is its cosine, computed for a keyword-only hit too; retrievers say who found it")
    func similarityIsCosine() async throws {
        let fixture = try await SearchFixture()
        let hasher = HashingEmbedder()
        let vector = hasher.vector(for: "zeppelin")
        // 30 rows whose vectors are the query's own fill the vector list (pool 20 for 5 results), so
        // the one row that says "zeppelin" — stored with a far vector — is found by keyword alone
        // (first in its list, and important, so that it ranks among the 5).
        let fillers = (0..<30).map { NewMemory(text: "filler note \($0)", embedding: vector) }
        let target = NewMemory(
            text: "The zeppelin museum opens at nine", id: "target", importance: 1,
            embedding: hasher.vector(for: "quarterly budget spreadsheet review"))
        _ = try await fixture.store.insert(fillers + [target], userID: "alice", now: fixture.now)
        let result = try await fixture.search("zeppelin", tier: .balanced, limit: 5)
        let parts = try #require(result.scores["target"])
        #expect(parts.retrievers == [.keyword] && parts.cosine == nil)
        let direct = try await fixture.store.search(vector: vector, userID: "alice", k: 100)
        let cosines = Dictionary(uniqueKeysWithValues: direct.map { ($0.memory.id, $0.score) })
        for hit in result.hits {
            let parts = try #require(result.scores[hit.memory.id])
            let similarity = try #require(hit.similarity, "\(hit.memory.text)")
            #expect(abs(similarity - cosines[hit.memory.id]!) < 1e-5, "\(hit.memory.text)")
            #expect(parts.similarity.map(Float.init) == hit.similarity)
            let expected: [SearchRetriever] =
                (parts.vectorRank == nil ? [] : [.vector]) + (parts.keywordRank == nil ? [] : [.keyword])
            #expect(parts.retrievers == expected)
            #expect(hit.score == Float(parts.score))
        }
        #expect(result.hits.contains { $0.memory.id == "target" } && abs(parts.similarity! - 1) > 0.1)

        // A pure vector search ranks by the cosine: there score and similarity are the same number.
        let nearest = try await fixture.engine.search("zeppelin museum", userID: "alice", k: 3)
        #expect(nearest.count == 3 && nearest.allSatisfy { $0.similarity == $0.score })
        // Lightweight: ranked by the blended score, no vector compared, so no similarity.
        let light = try await MemoryEngine(lightweight: fixture.store).search("zeppelin", userID: "alice", k: 3)
        #expect(light.map(\.memory.id) == ["target"] && light[0].similarity == nil)
    }

    @Test("a floor leaves out what is below it, lets the next ones in, and counts what it left out")
    func floorFillsIn() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(["green tea every morning", "green tea with mint", "a red bicycle", "a blue kayak"])
        let all = try await fixture.search("green tea", tier: .fast, limit: 4)
        let cosines = all.hits.compactMap(\.similarity).sorted(by: >)
        #expect(cosines.count == 4)
        let floor = Double(cosines[1] + cosines[2]) / 2  // between the tea notes and the rest
        let floored = try await fixture.engine.search(
            "green tea", userID: "alice", tier: .fast, limit: 4, now: fixture.now, minimumSimilarity: floor)
        #expect(floored.hits.count == 2 && floored.hits.allSatisfy { Double($0.similarity!) >= floor })
        #expect(floored.belowFloor == 2 && floored.minimumSimilarity == floor)
        #expect(floored.text.hasPrefix("Memories found"))

        let nothing = try await fixture.engine.search(
            "green tea", userID: "alice", tier: .fast, limit: 2, now: fixture.now, minimumSimilarity: 0.99)
        #expect(nothing.hits.isEmpty && nothing.belowFloor == 2)
        #expect(nothing.text.hasPrefix("Nothing relevant in memory for \"green tea\": 2 memories matched only weakly"))
    }

    @Test("without vectors there is no similarity: keyword hits stay under any floor")
    func lightweight() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add("Dana plays the cello", vector: false)
        let engine = MemoryEngine(lightweight: fixture.store)
        let result = try await engine.search(
            "cello", userID: "alice", tier: .balanced, limit: nil, now: fixture.now, minimumSimilarity: 0.9)
        #expect(result.hits.count == 1 && result.hits[0].similarity == nil && result.belowFloor == 0)
        #expect(result.scores[result.hits[0].memory.id]?.retrievers == [.keyword])
        #expect(result.text.hasPrefix("Memories found"))
    }
}
