import Foundation
import MemLayer
import Testing

@Suite("OllamaHost")
struct OllamaHostTests {
    // The cases of Ollama's own envconfig TestHost / TestConnectableHost, read by a client.
    @Test(
        "OLLAMA_HOST values resolve as Ollama resolves them",
        arguments: [
            ("1.2.3.4", "http://1.2.3.4:11434"),
            (":1234", "http://127.0.0.1:1234"),
            ("1.2.3.4:1234", "http://1.2.3.4:1234"),
            ("example.com", "http://example.com:11434"),
            ("example.com:1234", "http://example.com:1234"),
            (":0", "http://127.0.0.1:0"),
            (":66000", "http://127.0.0.1:11434"),
            (":-1", "http://127.0.0.1:11434"),
            ("[::1]", "http://[::1]:11434"),
            ("[::]", "http://[::1]:11434"),
            ("::1", "http://[::1]:11434"),
            ("[::1]:1337", "http://[::1]:1337"),
            (" 1.2.3.4 ", "http://1.2.3.4:11434"),
            ("\"1.2.3.4\"", "http://1.2.3.4:11434"),
            (" \" 1.2.3.4 \" ", "http://1.2.3.4:11434"),
            ("'1.2.3.4'", "http://1.2.3.4:11434"),
            ("http://1.2.3.4", "http://1.2.3.4:80"),
            ("http://1.2.3.4:4321", "http://1.2.3.4:4321"),
            ("https://1.2.3.4", "https://1.2.3.4:443"),
            ("https://1.2.3.4:4321", "https://1.2.3.4:4321"),
            ("https://example.com/ollama", "https://example.com:443/ollama"),
            ("https://example.com/ollama/", "https://example.com:443/ollama"),
            ("ollama.com", "https://ollama.com:443"),
            ("0.0.0.0", "http://127.0.0.1:11434"),
            ("0.0.0.0:11434", "http://127.0.0.1:11434"),
            ("localhost:11434", "http://localhost:11434"),
        ])
    func parses(value: String, expected: String) {
        #expect(OllamaHost.parse(value)?.absoluteString == expected)
    }

    @Test("Unset or empty OLLAMA_HOST means http://localhost:11434")
    func defaults() {
        #expect(OllamaHost.url(environment: [:]).absoluteString == "http://localhost:11434")
        #expect(OllamaHost.url(environment: ["OLLAMA_HOST": "  "]).absoluteString == "http://localhost:11434")
        #expect(OllamaHost.url(environment: ["OLLAMA_HOST": "box:7000"]).absoluteString == "http://box:7000")
    }

    @Test("A proxy path is kept in front of /api/embed")
    func proxyPath() {
        let embedder = OllamaEmbedder(model: "m", dimension: 1, host: "https://example.com/ollama", environment: [:])
        #expect(embedder.baseURL.absoluteString == "https://example.com:443/ollama")
    }
}
