/// A tool as both Ollama's chat API (`api.Tool`) and Chat Completions
/// (`ChatCompletionFunctionToolParam`) declare it; the JSON is the same in both:
/// `{"type": "function", "function": {"name", "description", "parameters"}}`.
struct FunctionTool: Encodable {
    var type = "function"
    var function: Function

    struct Function: Encodable {
        var name: String
        var description: String
        /// The tool's JSON Schema, as given.
        var parameters: JSONValue
    }

    init(_ definition: ToolDefinition) {
        function = Function(
            name: definition.name, description: definition.description, parameters: definition.parameters)
    }
}
