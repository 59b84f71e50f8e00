import MemLayer
import Testing

@Suite("Prototype salience gate")
struct PrototypeSalienceGateTests {
    /// One salient and one non-salient prototype along the two axes; probes in between.
    static let table: [String: [Float]] = [
        "salient example": [1, 0],
        "dull example": [0, 1],
        "leans salient": [0.8, 0.6],  // margin 0.8 − 0.6 = 0.2
        "leans dull": [0.6, 0.8],  // margin −0.2
        "unnormalised": [8, 6],  // cosine ignores length: margin 0.2
        "Alpha. Beta.": [0, 1],
        "Alpha.": [0, 1],
        "Beta.": [1, 0],
    ]

    private func gate(
        threshold: Double, rules: SalienceRules? = nil, embedder: TableEmbedder = TableEmbedder(table)
    ) async throws -> PrototypeSalienceGate {
        let prototypes = try SaliencePrototypes(salient: ["salient example"], nonSalient: ["dull example"])
        return try await PrototypeSalienceGate(
            embedder: embedder, prototypes: prototypes, threshold: threshold, rules: rules)
    }

    @Test("the score is max(salient cosine) − max(non-salient cosine), whatever the vector's length")
    func margin() async throws {
        let gate = try await gate(threshold: 0)
        let leans = try await gate.evaluate("leans salient")
        #expect(abs(leans.score - 0.2) < 1e-6)
        #expect(abs(try await gate.evaluate("unnormalised").score - 0.2) < 1e-6)
        #expect(abs(try await gate.evaluate("leans dull").score + 0.2) < 1e-6)
        #expect(leans.isSalient)
        #expect(leans.reason == "local: margin 0.200 > 0.000")
    }

    @Test("salient only when the margin is strictly above the threshold")
    func thresholdSemantics() async throws {
        let margin = try await gate(threshold: 0).evaluate("leans salient").score
        #expect(try await gate(threshold: margin - 0.01).evaluate("leans salient").isSalient)
        #expect(try await !gate(threshold: margin).evaluate("leans salient").isSalient, "equal is not above")
        #expect(try await !gate(threshold: margin + 0.01).evaluate("leans salient").isSalient)
        // A negative threshold lets texts that lean non-salient through.
        #expect(try await !gate(threshold: 0).evaluate("leans dull").isSalient)
        #expect(try await gate(threshold: -0.25).evaluate("leans dull").isSalient)
        let raised = try await gate(threshold: 0.5).evaluate("leans salient")
        #expect(raised.reason == "local: margin 0.200 ≤ 0.500")
    }

    @Test("the rules decide first: no embedding for what they settle, and the threshold does not apply")
    func rulesFirst() async throws {
        let embedder = TableEmbedder(Self.table)
        let gate = try await gate(threshold: -2, rules: SalienceRules(), embedder: embedder)
        let callsAfterPrototypes = embedder.batches.count
        let thanks = try await gate.evaluate("thanks!")
        #expect(!thanks.isSalient && thanks.reason == "rule: small talk")
        let fact = try await gate.evaluate("I'm allergic to peanuts")
        #expect(fact.isSalient && fact.reason == "rule: health")
        #expect(embedder.batches.count == callsAfterPrototypes)
    }

    @Test("a text of several sentences scores as its best sentence")
    func bestSentence() async throws {
        var gate = try await gate(threshold: 0)
        let decision = try await gate.evaluate("Alpha. Beta.")
        #expect(decision.isSalient)
        #expect(abs(decision.score - 1) < 1e-6)
        gate.scoresSentences = false
        #expect(try await !gate.evaluate("Alpha. Beta.").isSalient)
    }

    @Test("many texts go to the embedder in one call, and decisions keep their order")
    func batch() async throws {
        let embedder = TableEmbedder(Self.table)
        let gate = try await gate(threshold: 0, rules: SalienceRules(), embedder: embedder)
        let before = embedder.batches.count
        let decisions = try await gate.evaluate(["leans dull", "thanks!", "leans salient", "Alpha. Beta."])
        #expect(decisions.map(\.isSalient) == [false, false, true, true])
        #expect(embedder.batches.count == before + 1)
        #expect(embedder.batches.last == ["leans dull", "leans salient", "Alpha. Beta.", "Alpha.", "Beta."])
    }

    @Test("an embedder that returns the wrong number or size of vectors is an error, not a guess")
    func badEmbedder() async throws {
        let prototypes = try SaliencePrototypes(salient: ["salient example"], nonSalient: ["dull example"])
        let short = TableEmbedder(["salient example": [1, 0, 0], "dull example": [0, 1]], id: "bad/3")
        let error = await #expect(throws: EmbedderError.self) {
            _ = try await PrototypeSalienceGate(embedder: short, prototypes: prototypes)
        }
        #expect(error?.kind == .dimension)
    }
}
