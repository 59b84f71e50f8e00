import Foundation
import MemLayer
import Testing

/// Apps show `localizedDescription`; for MemLayer's errors it is the message itself.
@Suite("Errors read well in apps")
struct LocalizedErrorTests {
    @Test("localizedDescription is the error's message")
    func messages() {
        let errors: [any Error] = [
            StoreError(.invalidInput, "a memory's text cannot be empty"),
            ProviderError(.modelNotFound, provider: "Ollama", "the model \"x\" does not exist here; pass --model"),
        ]
        for error in errors {
            #expect(error.localizedDescription == "\(error)")
            #expect(!error.localizedDescription.contains("could not be completed"))
        }
    }
}
