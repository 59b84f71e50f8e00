import Foundation
import MemLayerHTTP

/// Chats with a model served by Ollama through its native `POST /api/chat`, streamed as NDJSON.
///
/// ```swift
/// let ollama = OllamaChatProvider(model: "llama3.2")
/// for try await event in ollama.stream(ChatRequest(system: "Be brief.", messages: [.user("Hi")])) {
///     if case .text(let text) = event { print(text, terminator: "") }
/// }
/// ```
///
/// The server address comes from `host`, else from `OLLAMA_HOST` (read as Ollama reads it, see
/// ``OllamaHost``), else `http://localhost:11434`. The whole conversation goes with every
/// request; tools use Ollama's native `tools`, and tool calls get ids `call_0`, `call_1`, … when
/// the server sends none. ``ChatRequest/ResponseFormat/jsonSchema(name:schema:)`` goes out as the
/// schema in `format` (structured output), ``ChatRequest/Thinking/minimal`` as `think: false`, and
/// without a ``contextLength`` the context window is sized to each request (see
/// ``maxContextLength``) so that Ollama never silently drops the start of a long conversation.
/// Failures are ``ProviderError``s that say what to do next: start
/// `ollama serve`, `ollama pull` the model, or go on without tools (`.toolsUnsupported`).
public struct OllamaChatProvider: ChatProvider {
    /// "Ollama".
    public let name = "Ollama"
    /// The Ollama model name, such as `llama3.2` or `qwen3:8b`.
    public let model: String
    /// The server's base URL.
    public let baseURL: URL
    /// How long the model stays loaded after a request, such as `"10m"` (nil: Ollama's default).
    public var keepAlive: String?
    /// The context window in tokens (`num_ctx`) for every request; nil sizes it to each request:
    /// the prompt's estimated tokens plus room for the answer, rounded up to a multiple of 2048,
    /// at least 4096 and at most ``maxContextLength``, never shrinking between requests.
    public var contextLength: Int?
    /// The largest context window sized to a request (without ``contextLength``): memory for the
    /// KV cache grows with it.
    public var maxContextLength: Int
    /// The longest silence allowed: loading a large model can take minutes before the first byte.
    public var idleTimeout: Duration

    private let transport: HTTPTransport
    private let contextWindow = OllamaContextWindow()

    /// Creates a provider; no request is made until ``stream(_:)``.
    ///
    /// - Parameters:
    ///   - model: The chat model, as Ollama names it (`llama3.2`).
    ///   - host: The server's base URL; nil reads `OLLAMA_HOST` from `environment`.
    ///   - keepAlive: How long Ollama keeps the model loaded after a request (`"5m"`); nil keeps
    ///     Ollama's default.
    ///   - contextLength: A fixed context window (`num_ctx`); nil sizes it to each request.
    ///   - maxContextLength: The largest context window sized to a request.
    ///   - idleTimeout: How long a request may wait with no bytes arriving.
    ///   - transport: The HTTP client.
    ///   - environment: Where `OLLAMA_HOST` is read from.
    public init(
        model: String,
        host: URL? = nil,
        keepAlive: String? = nil,
        contextLength: Int? = nil,
        maxContextLength: Int = 32768,
        idleTimeout: Duration = .seconds(300),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.model = model
        self.baseURL = host ?? OllamaHost.url(environment: environment)
        self.keepAlive = keepAlive
        self.contextLength = contextLength
        self.maxContextLength = maxContextLength
        self.idleTimeout = idleTimeout
        self.transport = transport
    }

    /// The chat endpoint.
    var endpoint: URL { baseURL.appendingPathComponent("api/chat") }

    /// Streams the model's answer; see ``ChatProvider/stream(_:)``.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        ChatResponseStream.events(
            request: { try makeHTTPRequest(request) }, transport: transport, decoder: OllamaChatDecoder(provider: name),
            explain: { [self] in explain($0) })
    }

    func makeHTTPRequest(_ request: ChatRequest) throws(ProviderError) -> HTTPRequest {
        do {
            return try .postingJSON(
                requestBody(request), to: endpoint,
                headers: ["Content-Type": "application/json", "Accept": "application/x-ndjson"], serviceName: name,
                connectTimeout: .seconds(5), idleTimeout: idleTimeout)
        } catch {
            throw ProviderError(.badRequest, provider: name, "the request could not be encoded as JSON: \(error)")
        }
    }

    func requestBody(_ request: ChatRequest) -> OllamaChatRequestBody {
        let format: JSONValue? =
            switch request.responseFormat {
            case .text: nil
            case .jsonObject: .string("json")
            case .jsonSchema(_, let schema): schema
            }
        return OllamaChatRequestBody(
            model: model,
            messages: Self.messages(request),
            tools: request.tools.map(FunctionTool.init),
            format: format,
            think: request.thinking == .minimal ? false : nil,
            options: .init(
                temperature: request.temperature, numPredict: request.maxTokens,
                numContext: contextLength ?? contextWindow.size(for: request, maximum: maxContextLength)),
            keepAlive: keepAlive)
    }

    /// The conversation in Ollama's shape: one leading system message (the system prompt and any
    /// system messages, merged), then every message in order.
    static func messages(_ request: ChatRequest) -> [OllamaChatRequestBody.Message] {
        request.messagesWithSystemFirst.map { message in
            switch message.role {
            case .assistant:
                .init(
                    role: "assistant", content: message.content,
                    toolCalls: message.toolCalls.map {
                        .init(id: $0.id, function: .init(name: $0.name, arguments: $0.argumentsObject))
                    })
            case .tool:
                .init(
                    role: "tool", content: message.content, toolName: message.toolName,
                    toolCallID: message.toolCallID)
            default:
                .init(role: message.role.rawValue, content: message.content)
            }
        }
    }
}
