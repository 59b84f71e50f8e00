import MemLayer
import Testing

@Suite("Lightweight salience gate")
struct KeywordSalienceGateTests {
    @Test("scores without any model: personal statements up, questions and requests down")
    func signals() {
        let fact = KeywordSalienceGate.score("my landlord wants the keys back on the 3rd")
        #expect(fact.score > 0)
        #expect(fact.signals.contains("personal topic") && fact.signals.contains("time or date"))
        let question = KeywordSalienceGate.score("what is the tallest mountain in Africa?")
        #expect(question.score < 0 && question.signals.contains("question"))
        let request = KeywordSalienceGate.score("write a limerick about cheese")
        #expect(request.score < 0 && request.signals.contains("request"))
    }

    @Test("salient only when the score is strictly above the threshold")
    func thresholdSemantics() async throws {
        let text = "my landlord wants the keys back on the 3rd"
        let score = KeywordSalienceGate.score(text).score
        #expect(try await KeywordSalienceGate(threshold: score - 0.01, rules: nil).evaluate(text).isSalient)
        #expect(try await !KeywordSalienceGate(threshold: score, rules: nil).evaluate(text).isSalient)
        let decision = try await KeywordSalienceGate(rules: nil).evaluate(text)
        #expect(decision.score == score)
        #expect(decision.reason.hasPrefix("lightweight: score "))
    }

    @Test("the rules run first unless turned off")
    func rules() async throws {
        let withRules = try await KeywordSalienceGate().evaluate("thanks!")
        #expect(withRules.reason == "rule: small talk")
        let without = try await KeywordSalienceGate(rules: nil).evaluate("thanks!")
        #expect(!without.isSalient && without.reason.hasPrefix("lightweight:"))
    }
}
