import Foundation
import MemLayer
import Testing

@Suite("ProviderSpecification")
struct ProviderSpecificationTests {
    @Test("The default models are current: no retired Claude 3.5 Haiku, no shut-down Gemini 2.0 Flash")
    func currentDefaults() throws {
        #expect(ProviderSpecification(kind: .claude).model == "claude-haiku-4-5")
        #expect(ProviderSpecification(kind: .gemini).model == "gemini-3.5-flash")
        #expect(ProviderSpecification(kind: .gemini, model: "gemini-2.5-pro").model == "gemini-2.5-pro")
        let gemini = try ProviderSpecification(kind: .gemini).makeProvider(environment: ["GEMINI_API_KEY": "k"])
        #expect(gemini.model == "gemini-3.5-flash")
    }
}
