import Foundation
import MemLayer
import Testing

@Suite("Salience configuration")
struct SalienceConfigurationTests {
    @Test("defaults: local mode, the mode's threshold (below zero: when in doubt, extract), rules on")
    func defaults() async throws {
        let configuration = SalienceConfiguration()
        #expect(configuration.mode == .local)
        #expect(configuration.threshold == nil)
        #expect(SalienceMode.local.defaultThreshold < 0 && SalienceMode.lightweight.defaultThreshold < 0)
        let lightweight = try #require(
            try await SalienceConfiguration(mode: .lightweight).makeGate() as? KeywordSalienceGate)
        #expect(lightweight.threshold == SalienceMode.lightweight.defaultThreshold)
        #expect(configuration.usesRules)
        #expect(configuration.embedder == nil && configuration.store == nil)
    }

    @Test("local mode without an embedder uses the built-in MiniLM and the shipped prototypes")
    func localDefault() async throws {
        let gate = try #require(try await SalienceConfiguration().makeGate() as? PrototypeSalienceGate)
        #expect(gate.embedder.id == "minilm-l6-v2/384")
        #expect(gate.label == "local")
        #expect(gate.prototypes == (try SalienceLabelledSet.prototypes()))
        #expect(gate.prototypes.salient.count >= 30 && gate.prototypes.nonSalient.count >= 30)
        #expect(try await gate.evaluate("I'm allergic to penicillin").isSalient)
    }

    @Test("the mode, threshold, embedder and rules switch reach the gate")
    func passesThrough() async throws {
        let prototypes = try SaliencePrototypes(
            salient: SmallPrototypes.salient, nonSalient: SmallPrototypes.nonSalient)
        let local = try #require(
            try await SalienceConfiguration(
                threshold: 0.25, embedder: HashingEmbedder(dimension: 32), prototypes: prototypes, usesRules: false
            ).makeGate() as? PrototypeSalienceGate)
        #expect(local.threshold == 0.25 && local.rules == nil && local.embedder.id == "hash-ngram-v1/32")

        let lightweight = try #require(
            try await SalienceConfiguration(mode: .lightweight, threshold: -0.5).makeGate() as? KeywordSalienceGate)
        #expect(lightweight.threshold == -0.5 && lightweight.rules != nil)
    }

    @Test("online mode without an embedder says what to pass")
    func onlineNeedsEmbedder() async throws {
        let error = await #expect(throws: SalienceError.self) {
            _ = try await SalienceConfiguration(mode: .online).makeGate()
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("OllamaEmbedder") == true)
    }

    @Test("modes read as they are written")
    func modeNames() {
        #expect(SalienceMode.allCases.map(\.description) == ["local", "online", "lightweight"])
        #expect(SalienceMode(rawValue: "lightweight") == .lightweight)
    }
}
