import Foundation
import MemLayerHTTP

/// Chats with Gemini through Google's Generative Language API,
/// `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`.
///
/// ```swift
/// let gemini = GeminiChatProvider(model: "gemini-2.5-flash")        // GEMINI_API_KEY
/// for try await event in gemini.stream(ChatRequest(messages: [.user("Hi")])) { … }
/// ```
///
/// The key comes from `apiKey`, else `GEMINI_API_KEY`, else `GOOGLE_API_KEY`. It travels in the
/// `x-goog-api-key` header, never in the URL, and never appears in an error, a description or a
/// mirror of this value. Without a key, every stream fails with
/// ``ProviderError/Kind/authentication`` before anything is sent.
///
/// Gemini gives function calls no ids, so the provider names them `call_1`, `call_2`, … for its
/// lifetime, and remembers the `thoughtSignature` Gemini 3 attaches to a call so that the
/// follow-up request can send it back, as Gemini requires.
public struct GeminiChatProvider: ChatProvider, CustomStringConvertible, CustomReflectable {
    /// "Gemini".
    public let name = "Gemini"
    /// The model, such as `gemini-2.5-flash` (a `models/` prefix is accepted and dropped).
    public let model: String
    /// The API root including the version, before `/models/…`.
    public let baseURL: URL
    /// The longest silence allowed while waiting for (or in the middle of) an answer.
    public var idleTimeout: Duration

    private let apiKey: String?
    private let transport: HTTPTransport
    private let ledger = GeminiCallLedger()

    /// Google's own endpoint, API version v1beta (where function calling and system
    /// instructions are available for every model).
    public static let defaultBaseURL = URL(string: "https://generativelanguage.googleapis.com/v1beta")!

    /// Creates a provider; no request is made.
    public init(
        model: String,
        baseURL: URL? = nil,
        apiKey: String? = nil,
        idleTimeout: Duration = .seconds(120),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.model = model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
        self.baseURL = ProviderEnvironment.baseURL(baseURL, default: Self.defaultBaseURL)
        self.apiKey = ProviderEnvironment.value(apiKey, ["GEMINI_API_KEY", "GOOGLE_API_KEY"], in: environment)
        self.idleTimeout = idleTimeout
        self.transport = transport
    }

    /// The streaming endpoint, asking for server-sent events (without `alt=sse` Gemini streams
    /// one JSON array instead).
    public var endpoint: URL {
        let escaped = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"]))
        return URL(string: baseURL.absoluteString + "/models/\(escaped ?? model):streamGenerateContent?alt=sse")!
    }

    /// Streams Gemini's answer to `request`; see ``ChatProvider/stream(_:)``.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        ChatResponseStream.events(
            request: { try makeHTTPRequest(request) }, transport: transport,
            decoder: SSEChatDecoder(GeminiStreamParser(ledger: ledger)), explain: { [self] in explain($0) })
    }

    /// The HTTP request for `request`: the key in a header, the body per ``GeminiRequestBody``.
    /// Without a key there is nothing to send.
    func makeHTTPRequest(_ request: ChatRequest) throws(ProviderError) -> HTTPRequest {
        guard let apiKey else {
            throw ProviderError(
                .authentication, provider: name,
                "No Gemini API key: export GEMINI_API_KEY=<your key> (or GOOGLE_API_KEY, or pass apiKey:).")
        }
        let headers: HTTPHeaders = ["x-goog-api-key": apiKey, "content-type": "application/json"]
        do {
            return try .postingJSON(
                GeminiRequestBody(request, ledger: ledger, model: model), to: endpoint, headers: headers, serviceName: name,
                connectTimeout: .seconds(10), idleTimeout: idleTimeout)
        } catch {
            throw ProviderError(.badRequest, provider: name, "The request could not be encoded as JSON: \(error).")
        }
    }

    /// The model and base URL, without the key.
    public var description: String { "GeminiChatProvider(\(model) at \(SecretRedactor.redactedURL(baseURL)))" }

    /// A mirror without the API key, so `dump` and debuggers cannot show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["model": model, "baseURL": SecretRedactor.redactedURL(baseURL), "hasAPIKey": apiKey != nil])
    }
}
