import Foundation
import MemLayerHTTP

/// Chats through OpenAI's Chat Completions API (`POST {base}/chat/completions`, streamed as
/// server-sent events), or any server that speaks it: LM Studio, llama.cpp's llama-server, vLLM,
/// Ollama's `/v1`.
///
/// ```swift
/// let openAI = try OpenAIChatProvider(model: "gpt-4o-mini")          // OPENAI_API_KEY
/// let studio = try OpenAIChatProvider(model: "qwen2.5-7b-instruct",
///                                     baseURL: URL(string: "http://localhost:1234/v1")!, name: "LM Studio")
/// ```
///
/// The base URL comes from `baseURL`, else `OPENAI_BASE_URL`, else `https://api.openai.com/v1`.
/// The key comes from `apiKey`, else `OPENAI_API_KEY`; it may be absent only for a server on this
/// machine or the local network. It is sent as `Authorization: Bearer …` and never appears in an
/// error, a description or a mirror of this value.
///
/// ``ChatRequest/ResponseFormat/jsonSchema(name:schema:)`` goes out as Structured Outputs
/// (`response_format` `json_schema`); a server that refuses it with HTTP 400 is asked once more in
/// JSON mode, and this provider value remembers the refusal. Reasoning models (o1, o3, o4, gpt-5
/// and later, by name) get no `temperature`, and for ``ChatRequest/Thinking/minimal`` their lowest
/// `reasoning_effort`; a 400 refusing either is likewise retried once without it, or with the
/// lowest effort the server lists.
public struct OpenAIChatProvider: ChatProvider, CustomStringConvertible, CustomReflectable {
    /// The service's name for messages: "OpenAI", or what the caller named it ("LM Studio").
    public let name: String
    /// The model name, such as `gpt-4o-mini`.
    public let model: String
    /// The API base URL, ending before `/chat/completions`.
    public let baseURL: URL
    /// The longest silence allowed while waiting for the next piece of the answer.
    public var idleTimeout: Duration
    /// How a ``ChatRequest/ResponseFormat/jsonObject`` request asks for JSON.
    public var jsonMode: JSONMode

    /// The two spellings of JSON mode in Chat Completions.
    public enum JSONMode: Sendable, Equatable {
        /// `response_format: {"type": "json_object"}`: OpenAI, llama-server, vLLM, Ollama.
        case jsonObject
        /// `response_format: {"type": "json_schema"}` with the schema of any object: for LM Studio,
        /// which rejects `json_object`, and any server with Structured Outputs.
        case jsonSchema
    }

    private let apiKey: String?
    private let transport: HTTPTransport
    private let quirks = OpenAIServerQuirks()

    /// Creates a provider; no request is made until ``stream(_:)``.
    ///
    /// Throws a ``ProviderError`` of kind `.authentication` when no key is available for a
    /// server that is not on this machine or the local network.
    ///
    /// - Parameters:
    ///   - model: The model, as the server names it.
    ///   - baseURL: The API's base URL; nil reads `OPENAI_BASE_URL`, else OpenAI's.
    ///   - apiKey: The key; nil reads `OPENAI_API_KEY` (a server on this machine needs none).
    ///   - name: How messages name the service; nil means "OpenAI" for OpenAI's own API and
    ///     "OpenAI-compatible server at <host>" otherwise.
    ///   - idleTimeout: How long a request may wait with no bytes arriving.
    ///   - jsonMode: How extraction asks for JSON (a schema, or JSON-object mode).
    ///   - transport: The HTTP client.
    ///   - environment: Where the key and base URL are read from.
    public init(
        model: String,
        baseURL: URL? = nil,
        apiKey: String? = nil,
        name: String? = nil,
        idleTimeout: Duration = .seconds(120),
        jsonMode: JSONMode = .jsonObject,
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let base = OpenAIBaseURL.resolve(baseURL, environment: environment)
        let serviceName =
            name ?? (OpenAIBaseURL.isOpenAI(base) ? "OpenAI" : "OpenAI-compatible server at \(base.host ?? "?")")
        let key = ProviderEnvironment.value(apiKey, ["OPENAI_API_KEY"], in: environment)
        guard key != nil || OpenAIBaseURL.isOnLocalNetwork(base) else {
            throw ProviderError(
                .authentication, provider: serviceName,
                "no API key for \(SecretRedactor.redactedURL(base)): export OPENAI_API_KEY=<your key> (or pass "
                    + "apiKey:), or set OPENAI_BASE_URL to a local OpenAI-compatible server")
        }
        self.name = serviceName
        self.model = model
        self.baseURL = base
        self.apiKey = key
        self.idleTimeout = idleTimeout
        self.jsonMode = jsonMode
        self.transport = transport
    }

    /// The chat completions endpoint.
    var endpoint: URL { baseURL.appendingPathComponent("chat/completions") }

    /// Streams the model's answer; see ``ChatProvider/stream(_:)``.
    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        ChatResponseStream.events(
            request: { try makeHTTPRequest(request) }, transport: transport, decoder: OpenAIChatDecoder(provider: name),
            explain: { [self] in explain($0) },
            recover: { [self] error in
                guard learn(from: error, sending: request) else { return nil }
                return try? makeHTTPRequest(request)
            })
    }

    func makeHTTPRequest(_ request: ChatRequest) throws(ProviderError) -> HTTPRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "text/event-stream"]
        if let apiKey { headers.add("Authorization", "Bearer \(apiKey)") }
        do {
            return try .postingJSON(
                requestBody(request), to: endpoint, headers: headers, serviceName: name, connectTimeout: .seconds(10),
                idleTimeout: idleTimeout)
        } catch {
            throw ProviderError(.badRequest, provider: name, "the request could not be encoded as JSON: \(error)")
        }
    }

    func requestBody(_ request: ChatRequest) -> OpenAIChatRequestBody {
        let known = quirks.current
        let reasoning = OpenAIReasoningModel.isReasoning(model)
        let plainJSON: OpenAIChatRequestBody.ResponseFormat = jsonMode == .jsonObject ? .jsonObject : .anyObject
        var format: OpenAIChatRequestBody.ResponseFormat?
        var messages = Self.messages(request)
        switch request.responseFormat {
        case .text:
            format = nil
        case .jsonObject:
            format = plainJSON
        case .jsonSchema(let name, let schema) where !known.refusesJSONSchema:
            format = .jsonSchema(name: ChatRequest.wireName(name), schema: schema)
        case .jsonSchema:
            // JSON mode instead; OpenAI's requires the word JSON in the messages.
            format = plainJSON
            var asked = request
            asked.system = request.mergedSystemPrompt(adding: ChatRequest.jsonInstruction)
            asked.messages = request.conversation
            messages = Self.messages(asked)
        }
        var effort: String?
        if request.thinking == .minimal, reasoning, !known.refusesReasoningEffort {
            effort = known.lowestReasoningEffort ?? OpenAIReasoningModel.lowestEffort(for: model)
        }
        return OpenAIChatRequestBody(
            model: model,
            messages: messages,
            tools: request.tools.map(FunctionTool.init),
            responseFormat: format,
            // Reasoning models accept only their default temperature and refuse the parameter.
            temperature: reasoning || known.refusesTemperature ? nil : request.temperature,
            reasoningEffort: effort,
            maxTokens: request.maxTokens,
            maxTokensField: OpenAIBaseURL.isOpenAI(baseURL) ? .maxCompletionTokens : .maxTokens)
    }

    /// Reads a 400 that refused part of `request` and remembers what to leave out; returns
    /// whether the request should go again, adjusted. Each refusal is learnt once.
    func learn(from error: TransportError, sending request: ChatRequest) -> Bool {
        guard error.status == 400 else { return false }
        let message = ServiceErrorBody.describe(error).lowercased()
        let sent = requestBody(request)
        if case .jsonSchema? = sent.responseFormat, case .jsonSchema = request.responseFormat,
            message.contains("response_format") || message.contains("json_schema")
        {
            return quirks.update { $0.refusesJSONSchema = true }
        }
        if sent.temperature != nil, message.contains("temperature"),
            ["unsupported", "not supported", "does not support", "only the default"].contains(where: message.contains)
        {
            return quirks.update { $0.refusesTemperature = true }
        }
        // OpenAI's refusal names the value, not the parameter: "'minimal' is not supported with …".
        if let effort = sent.reasoningEffort, message.contains("reasoning") || message.contains("'\(effort)'") {
            if let lowest = OpenAIReasoningModel.lowest(in: message) {
                return lowest != effort && quirks.update { $0.lowestReasoningEffort = lowest }
            }
            return quirks.update { $0.refusesReasoningEffort = true }
        }
        return false
    }

    /// The conversation in Chat Completions' shape: one leading `system` message (the system
    /// prompt and any system messages, merged), then every message in order.
    static func messages(_ request: ChatRequest) -> [OpenAIChatRequestBody.Message] {
        request.messagesWithSystemFirst.map { message in
            switch message.role {
            case .assistant:
                .init(
                    role: "assistant", content: message.content,
                    toolCalls: message.toolCalls.map {
                        .init(id: $0.id, function: .init(name: $0.name, arguments: $0.argumentsJSON))
                    })
            case .tool:
                .init(role: "tool", content: message.content, toolCallID: message.toolCallID ?? "")
            default:
                .init(role: message.role.rawValue, content: message.content)
            }
        }
    }

    /// The provider's name, model and base URL, without the key.
    public var description: String {
        "OpenAIChatProvider(\(name), model \(model) at \(SecretRedactor.redactedURL(baseURL)))"
    }

    /// A mirror without the API key, so `dump` and debuggers cannot show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": name, "model": model, "baseURL": SecretRedactor.redactedURL(baseURL),
                "hasAPIKey": apiKey != nil,
            ])
    }
}
