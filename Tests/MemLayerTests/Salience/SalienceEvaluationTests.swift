import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Precision and recall of every mode on the hand-labelled sets, printed, with floors.
///
/// Floors, chosen before the held-out set was first measured:
/// - held-out set (never tuned on): precision and recall ≥ 0.80 for local and online, and for
///   lightweight precision ≥ 0.80, recall ≥ 0.75 — a gate below that either wastes most
///   extraction calls or loses one fact in four;
/// - development set (tuned on, so measured higher): ≥ 0.90 with the rules, a few texts below
///   what was measured, so a regression of three or four texts fails;
/// - without the rule stage (the scorers alone): ≥ 0.75, to show each scorer works on its own;
/// - the rules alone must be right on ≥ 95% of the texts they settle.
/// A gate that keeps everything (what the Python gate did) has precision ≈ 0.5 and fails them all.
@Suite("Salience evaluation on the labelled sets", .serialized)
struct SalienceEvaluationTests {
    /// MiniLM, memoised across tests: the same texts are scored by several configurations.
    static let miniLM = Result { MemoizingEmbedder(try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory)) }

    private func report(_ name: String, _ set: String, _ score: SalienceScore) {
        print("salience \(name) on \(set): \(score)")
        if ProcessInfo.processInfo.environment["MEMLAYER_SALIENCE_MISTAKES"] != nil {
            print(score.mistakes.joined(separator: "\n"))
        }
    }

    private func expectFloor(
        _ score: SalienceScore, precision: Double, recall: Double, _ name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(score.precision >= precision, "\(name): \(score)", sourceLocation: sourceLocation)
        #expect(score.recall >= recall, "\(name): \(score)", sourceLocation: sourceLocation)
    }

    @Test("local mode: MiniLM prototypes, with and without the rule stage")
    func local() async throws {
        let embedder = try Self.miniLM.get()
        let prototypes = try SalienceLabelledSet.prototypes()
        let development = try SalienceLabelledSet.load()
        let heldOut = try SalienceLabelledSet.load(SalienceLabelledSet.heldOut)
        var gate = try await PrototypeSalienceGate(embedder: embedder, prototypes: prototypes)
        let bare = try await PrototypeSalienceGate(embedder: embedder, prototypes: prototypes, rules: nil)

        let developmentScore = SalienceScore(development, try await gate.evaluate(development.map(\.text)))
        let heldOutScore = SalienceScore(heldOut, try await gate.evaluate(heldOut.map(\.text)))
        let bareDevelopment = SalienceScore(development, try await bare.evaluate(development.map(\.text)))
        let bareHeldOut = SalienceScore(heldOut, try await bare.evaluate(heldOut.map(\.text)))
        gate.scoresSentences = false
        let wholeText = SalienceScore(development, try await gate.evaluate(development.map(\.text)))
        report("local", "development", developmentScore)
        report("local", "held-out", heldOutScore)
        report("local without rules", "development", bareDevelopment)
        report("local without rules", "held-out", bareHeldOut)
        report("local, whole text only", "development", wholeText)

        expectFloor(developmentScore, precision: 0.9, recall: 0.9, "local, development")
        expectFloor(heldOutScore, precision: 0.8, recall: 0.8, "local, held-out")
        expectFloor(bareDevelopment, precision: 0.75, recall: 0.75, "local without rules, development")
    }

    @Test("online mode: the same prototypes through a loopback /api/embed serving MiniLM")
    func online() async throws {
        let tokenizer = try BertTokenizer(
            vocabularyURL: MiniLMTestSupport.modelDirectory.appendingPathComponent("vocab.txt"))
        let encoder = try MiniLMEncoder(modelURL: MiniLMTestSupport.modelFile)
        let server = try startServer { request in
            let ids = inputs(of: request.body).map { tokenizer.encode($0, maxLength: MiniLMEmbedder.maxSequenceLength) }
            guard let vectors = try? encoder.encode(tokenBatches: ids) else {
                return .json(#"{"error":"encoder failed"}"#, status: 500)
            }
            return .json(OllamaTranscripts.embed(model: "all-minilm", vectors.map { $0.map(Double.init) }))
        }
        defer { server.stop() }
        let remote = OllamaEmbedder(
            model: "all-minilm", dimension: 384, host: "127.0.0.1:\(server.port)", environment: [:])
        let fixture = try await StoreFixture()
        let gate = try await SalienceConfiguration(mode: .online, embedder: remote, store: fixture.store).makeGate()
        let online = try #require(gate as? PrototypeSalienceGate)
        // The configuration uses the mode's threshold (below zero since issue 14: the gate decides
        // only whether a turn is worth an extraction call); the local gate compared must too.
        let local = try await PrototypeSalienceGate(
            embedder: Self.miniLM.get(), prototypes: SalienceLabelledSet.prototypes(),
            threshold: SalienceMode.online.defaultThreshold)

        for name in [SalienceLabelledSet.development, SalienceLabelledSet.heldOut] {
            let set = try SalienceLabelledSet.load(name)
            let decisions = try await online.evaluate(set.map(\.text))
            let score = SalienceScore(set, decisions)
            report("online (MiniLM over loopback)", name, score)
            let localDecisions = try await local.evaluate(set.map(\.text))
            #expect(decisions.map(\.isSalient) == localDecisions.map(\.isSalient), "same model, same verdicts")
            // At the re-scoped threshold recall comes first; these sets also label questions
            // about the user's own facts ("when is my flight again?") not salient, which the
            // re-scoped gate leaves to the extraction model. SalienceGateTargetTests holds the
            // target on the held-out set written for the new job.
            expectFloor(score, precision: 0.75, recall: 0.95, "online, \(name)")
        }
    }

    @Test("lightweight mode: keywords and patterns, with and without the rule stage")
    func lightweight() async throws {
        let development = try SalienceLabelledSet.load()
        let heldOut = try SalienceLabelledSet.load(SalienceLabelledSet.heldOut)
        let gate = KeywordSalienceGate()
        let bare = KeywordSalienceGate(rules: nil)
        let developmentScore = SalienceScore(development, try await SalienceScore.decisions(of: gate, on: development))
        let heldOutScore = SalienceScore(heldOut, try await SalienceScore.decisions(of: gate, on: heldOut))
        let bareDevelopment = SalienceScore(development, try await SalienceScore.decisions(of: bare, on: development))
        let bareHeldOut = SalienceScore(heldOut, try await SalienceScore.decisions(of: bare, on: heldOut))
        report("lightweight", "development", developmentScore)
        report("lightweight", "held-out", heldOutScore)
        report("lightweight without rules", "development", bareDevelopment)
        report("lightweight without rules", "held-out", bareHeldOut)

        expectFloor(developmentScore, precision: 0.9, recall: 0.9, "lightweight, development")
        expectFloor(heldOutScore, precision: 0.8, recall: 0.75, "lightweight, held-out")
        expectFloor(bareDevelopment, precision: 0.75, recall: 0.75, "lightweight without rules, development")
    }

    @Test("other languages: local and lightweight modes on the multilingual sets")
    func multilingual() async throws {
        let local = try await PrototypeSalienceGate(
            embedder: Self.miniLM.get(), prototypes: SalienceLabelledSet.prototypes())
        for name in [SalienceLabelledSet.multilingual, SalienceLabelledSet.multilingualHeldOut] {
            let set = try SalienceLabelledSet.load(name)
            let localScore = SalienceScore(set, try await local.evaluate(set.map(\.text)))
            let lightweightScore = SalienceScore(
                set, try await SalienceScore.decisions(of: KeywordSalienceGate(), on: set))
            report("local", name, localScore)
            report("lightweight", name, lightweightScore)
            // Before the rule stage handled other languages: local 0.737 / 0.467 and lightweight
            // 1.000 / 0.367 on the first set, local 1.000 / 0.200 on the held-out one.
            let (precision, recall) = name == SalienceLabelledSet.multilingual ? (0.9, 0.9) : (0.75, 0.85)
            expectFloor(localScore, precision: precision, recall: recall, "local, \(name)")
            expectFloor(lightweightScore, precision: precision, recall: recall, "lightweight, \(name)")
        }
    }

    @Test("the rule stage alone: how much it settles, and how often it is right")
    func rulesAlone() throws {
        let rules = SalienceRules()
        for name in [SalienceLabelledSet.development, SalienceLabelledSet.heldOut] {
            let set = try SalienceLabelledSet.load(name)
            let settled = set.compactMap { item in rules.verdict(for: item.text).map { (item, $0) } }
            let right = settled.filter { $0.0.isSalient == $0.1.isSalient }
            print("salience rules alone on \(name): settle \(settled.count)/\(set.count), right \(right.count)")
            for (item, verdict) in settled where item.isSalient != verdict.isSalient {
                print("  wrong: \(item.text) [\(verdict.reason)]")
            }
            #expect(Double(right.count) >= 0.95 * Double(settled.count), "\(name)")
        }
    }

    @Test("the floors reject a gate that keeps everything")
    func floorsCanFail() throws {
        let set = try SalienceLabelledSet.load()
        let everything = SalienceScore(set, set.map { _ in SalienceDecision(isSalient: true, score: 1, reason: "all") })
        #expect(everything.recall == 1)
        #expect(everything.precision < 0.6)
    }
}
