extension ToolCall {
    /// The arguments as the JSON object the Ollama, Claude and Gemini APIs take back in a
    /// conversation; `{}` when the model's text is not one (empty, or broken JSON), so that the
    /// rest of the conversation can still be sent.
    var argumentsObject: JSONValue {
        if let value = JSONValue(parsing: argumentsJSON), case .object = value { return value }
        return .object([:])
    }
}
