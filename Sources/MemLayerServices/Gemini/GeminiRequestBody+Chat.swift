extension GeminiRequestBody {
    /// The dummy signature Gemini documents for function calls it did not sign (a conversation
    /// from another model or from before a restart): it skips the signature check that Gemini 3
    /// models otherwise fail with HTTP 400.
    static let unsignedCallSignature = "skip_thought_signature_validator"

    /// Translates a provider-neutral request.
    ///
    /// System messages join `systemInstruction`; assistant turns become `model` turns whose
    /// function calls carry the signatures `ledger` kept; tool results become `functionResponse`
    /// parts in a `user` turn; consecutive turns of one role merge; empty text is left out. A
    /// JSON Schema goes in `responseJsonSchema`; ``ChatRequest/Thinking/minimal`` thinking is
    /// turned down as far as `model` allows (``minimalThinking(for:)``).
    init(_ request: ChatRequest, ledger: GeminiCallLedger, model: String = "") {
        let jsonMode = request.responseFormat.wantsJSON
        // Gemini refuses `responseMimeType` `application/json` together with function calling:
        // then the system instruction asks for JSON instead.
        let constrained = jsonMode && request.tools.isEmpty
        let systemText = request.mergedSystemPrompt(adding: jsonMode && !constrained ? ChatRequest.jsonInstruction : nil)
        var schema: JSONValue?
        if constrained, case .jsonSchema(_, let value) = request.responseFormat { schema = value }

        let declarations = request.tools.map {
            FunctionDeclaration(
                name: $0.name, description: $0.description, parameters: GeminiSchema.parameters(from: $0.parameters))
        }
        let config = GenerationConfig(
            temperature: request.temperature, maxOutputTokens: request.maxTokens,
            responseMimeType: constrained ? "application/json" : nil, responseJsonSchema: schema,
            thinkingConfig: request.thinking == .minimal ? Self.minimalThinking(for: model) : nil)
        self.init(
            contents: Self.contents(request.messages, ledger: ledger),
            systemInstruction: systemText.map { SystemInstruction(parts: [.text($0)]) },
            tools: declarations.isEmpty ? nil : [Tool(functionDeclarations: declarations)],
            generationConfig: config.isEmpty ? nil : config)
    }

    private static func contents(_ messages: [ChatMessage], ledger: GeminiCallLedger) -> [Content] {
        // Tool results need the function's name; older messages may only have the call's id.
        var names: [String: String] = [:]
        for message in messages { for call in message.toolCalls { names[call.id] = call.name } }

        var contents: [Content] = []
        for message in messages {
            let role: String
            var parts: [Part] = []
            switch message.role {
            case .system:
                continue
            case .user:
                role = "user"
                if !message.content.isEmpty { parts.append(.text(message.content)) }
            case .assistant:
                role = "model"
                if !message.content.isEmpty { parts.append(.text(message.content)) }
                for (position, call) in message.toolCalls.enumerated() {
                    let entry = ledger.entry(for: call.id)
                    // Gemini signs the first call of a turn; an unknown first call gets the dummy.
                    let signature = entry?.thoughtSignature ?? (position == 0 ? Self.unsignedCallSignature : nil)
                    parts.append(
                        .functionCall(
                            id: entry?.idFromService == true ? call.id : nil, name: call.name,
                            args: call.argumentsObject,
                            thoughtSignature: signature))
                }
            case .tool:
                role = "user"
                let id = message.toolCallID
                let name = message.toolName ?? id.flatMap { names[$0] } ?? id ?? "tool"
                let fromService = id.flatMap(ledger.entry(for:))?.idFromService == true
                parts.append(
                    .functionResponse(id: fromService ? id : nil, name: name, response: response(message.content)))
            }
            guard !parts.isEmpty else { continue }
            if contents.last?.role == role {
                contents[contents.count - 1].parts += parts
            } else {
                contents.append(Content(role: role, parts: parts))
            }
        }
        return contents
    }

    /// A tool's output as `response`, which must be an object: a JSON object as it is (its
    /// `output` or `error` keys mean what the reference says), anything else under `output`.
    private static func response(_ content: String) -> JSONValue {
        if let value = JSONValue(parsing: content), case .object = value { return value }
        return .object(["output": .string(content)])
    }
}
