import Foundation
import MemLayerHTTP

/// Chats with Claude through Anthropic's Messages API, `POST /v1/messages` with `stream: true`.
///
/// ```swift
/// let claude = ClaudeChatProvider(model: "claude-sonnet-4-5")       // ANTHROPIC_API_KEY
/// for try await event in claude.stream(ChatRequest(messages: [.user("Hi")])) { … }
/// ```
///
/// The base URL comes from `baseURL`, else `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com`;
/// the key from `apiKey`, else `ANTHROPIC_API_KEY`. The key travels in the `x-api-key` header and
/// never appears in an error, a description or a mirror of this value. Without a key, every
/// stream fails with ``ProviderError/Kind/authentication`` before anything is sent.
public struct ClaudeChatProvider: ChatProvider, CustomStringConvertible, CustomReflectable {
    /// "Claude".
    public let name = "Claude"
    /// The model, such as `claude-sonnet-4-5`.
    public let model: String
    /// The API root, before `/v1/messages`.
    public let baseURL: URL
    /// `max_tokens` for requests that set no ``ChatRequest/maxTokens`` (the API requires one).
    public var defaultMaxTokens: Int
    /// The longest silence allowed while waiting for (or in the middle of) an answer.
    public var idleTimeout: Duration

    private let apiKey: String?
    private let transport: HTTPTransport

    /// Anthropic's own API.
    public static let defaultBaseURL = URL(string: "https://api.anthropic.com")!
    /// The API version header every request carries.
    public static let apiVersion = "2023-06-01"

    /// Creates a provider; no request is made.
    ///
    /// The transport's retry policy also retries HTTP 529, Anthropic's "overloaded" status,
    /// which is as transient as a 503.
    public init(
        model: String,
        baseURL: URL? = nil,
        apiKey: String? = nil,
        defaultMaxTokens: Int = 4096,
        idleTimeout: Duration = .seconds(120),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.model = model
        self.baseURL = ProviderEnvironment.baseURL(
            baseURL, variable: "ANTHROPIC_BASE_URL", in: environment, default: Self.defaultBaseURL)
        self.apiKey = ProviderEnvironment.value(apiKey, ["ANTHROPIC_API_KEY"], in: environment)
        self.defaultMaxTokens = max(1, defaultMaxTokens)
        self.idleTimeout = idleTimeout
        var transport = transport
        transport.retryPolicy.retryableStatuses.insert(529)
        self.transport = transport
    }

    /// The Messages endpoint.
    public var endpoint: URL { URL(string: baseURL.absoluteString + "/v1/messages")! }

    /// Streams Claude's answer to `request`; see ``ChatProvider/stream(_:)``.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        ChatResponseStream.events(
            request: { try makeHTTPRequest(request) }, transport: transport,
            decoder: SSEChatDecoder(ClaudeStreamParser(answerTool: ClaudeRequestBody.answerTool(for: request))),
            explain: { [self] in explain($0) })
    }

    /// The HTTP request for `request`: headers per the Messages reference, body per
    /// ``ClaudeRequestBody``. Without a key there is nothing to send.
    func makeHTTPRequest(_ request: ChatRequest) throws(ProviderError) -> HTTPRequest {
        guard let apiKey else {
            throw ProviderError(
                .authentication, provider: name,
                "No Anthropic API key: export ANTHROPIC_API_KEY=<your key> (or pass apiKey:).")
        }
        let headers: HTTPHeaders = [
            "x-api-key": apiKey,
            "anthropic-version": Self.apiVersion,
            "content-type": "application/json",
        ]
        do {
            return try .postingJSON(
                ClaudeRequestBody(request, model: model, defaultMaxTokens: defaultMaxTokens), to: endpoint,
                headers: headers, serviceName: name, connectTimeout: .seconds(10), idleTimeout: idleTimeout)
        } catch {
            throw ProviderError(.badRequest, provider: name, "The request could not be encoded as JSON: \(error).")
        }
    }

    /// The model and base URL, without the key.
    public var description: String { "ClaudeChatProvider(\(model) at \(SecretRedactor.redactedURL(baseURL)))" }

    /// A mirror without the API key, so `dump` and debuggers cannot show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "model": model, "baseURL": SecretRedactor.redactedURL(baseURL), "defaultMaxTokens": defaultMaxTokens,
                "hasAPIKey": apiKey != nil,
            ])
    }
}
