extension ClaudeRequestBody {
    /// Translates a provider-neutral request.
    ///
    /// System messages join the top-level `system`; tool results become `tool_result` blocks in
    /// a user turn, placed before any text as the API requires; consecutive turns of one role
    /// merge into one; empty text is left out because the API rejects empty text blocks.
    ///
    /// A JSON Schema answer (without other tools) is a forced call of one tool whose input
    /// schema is the answer's: Anthropic's documented way to get JSON that follows a schema. The
    /// stream hands that call's input back as text (``answerTool(for:)``).
    init(_ request: ChatRequest, model: String, defaultMaxTokens: Int) {
        var tools = request.tools.map(Self.tool)
        var toolChoice: ToolChoice?
        // Claude has no JSON mode: for ``ChatRequest/ResponseFormat/jsonObject`` the prompt asks.
        var jsonInstruction = request.responseFormat.wantsJSON ? ChatRequest.jsonInstruction : nil
        if let name = Self.answerTool(for: request), case .jsonSchema(_, let schema) = request.responseFormat {
            tools = [Self.tool(ToolDefinition(name: name, description: Self.answerToolDescription, parameters: schema))]
            toolChoice = ToolChoice(name: name)
            jsonInstruction = nil
        }
        self.init(
            model: model,
            maxTokens: request.maxTokens ?? defaultMaxTokens,
            system: request.mergedSystemPrompt(adding: jsonInstruction),
            messages: Self.turns(request.messages),
            tools: tools.isEmpty ? nil : tools,
            toolChoice: toolChoice,
            temperature: request.temperature)
    }

    /// The forced tool that carries a JSON Schema answer, or nil when the request does not want
    /// one or offers tools of its own (forcing one tool would keep the model from the others).
    static func answerTool(for request: ChatRequest) -> String? {
        guard case .jsonSchema(let name, _) = request.responseFormat, request.tools.isEmpty else { return nil }
        return ChatRequest.wireName(name)
    }

    static let answerToolDescription = "Give the answer as this tool's input, which follows the required schema."

    private static func turns(_ messages: [ChatMessage]) -> [Message] {
        var turns: [Message] = []
        for message in messages {
            let role: String
            var blocks: [Block] = []
            switch message.role {
            case .system:
                continue
            case .user:
                role = "user"
                if !message.content.isEmpty { blocks.append(.text(message.content)) }
            case .assistant:
                role = "assistant"
                if !message.content.isEmpty { blocks.append(.text(message.content)) }
                blocks += message.toolCalls.map { .toolUse(id: $0.id, name: $0.name, input: $0.argumentsObject) }
            case .tool:
                role = "user"
                blocks.append(.toolResult(toolUseID: message.toolCallID ?? "", content: message.content))
            }
            guard !blocks.isEmpty else { continue }
            if turns.last?.role == role {
                turns[turns.count - 1].content += blocks
            } else {
                turns.append(Message(role: role, content: blocks))
            }
        }
        // "In the user message containing tool results, the tool_result blocks must come first."
        for index in turns.indices where turns[index].role == "user" {
            let blocks = turns[index].content
            turns[index].content = blocks.filter(\.isToolResult) + blocks.filter { !$0.isToolResult }
        }
        return turns
    }

    private static func tool(_ definition: ToolDefinition) -> Tool {
        // `input_schema` must be an object schema; a schema without a type is taken as one.
        var schema: [String: JSONValue] = [:]
        if case .object(let members) = definition.parameters { schema = members }
        if schema["type"] == nil { schema["type"] = .string("object") }
        return Tool(name: definition.name, description: definition.description, inputSchema: .object(schema))
    }
}
