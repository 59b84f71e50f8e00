import Synchronization

/// Sizes Ollama's context window (`num_ctx`) to a request when the caller chose none.
///
/// Ollama loads a model with a small context by default and silently drops the oldest part of a
/// prompt that does not fit, so a long conversation would lose its start (and its system
/// prompt) without any error. The size is the prompt's estimated tokens (UTF-8 bytes / 3,
/// rounded up: a safe overestimate for the tokenizers of the models Ollama serves) plus room for
/// the answer, rounded up to a multiple of 2048, at least 4096 and at most the configured
/// maximum. It never shrinks for a provider value: Ollama reloads a model whose `num_ctx`
/// changes, so a short request after a long one keeps the larger window.
final class OllamaContextWindow: Sendable {
    /// The smallest window asked for.
    static let minimum = 4096
    /// The step sizes are rounded up to, so that small growth does not reload the model.
    static let step = 2048
    /// Room for the answer when the request sets no ``ChatRequest/maxTokens``.
    static let defaultAnswerTokens = 1024

    private let largest = Mutex(0)

    init() {}

    /// The `num_ctx` for `request`, at most `maximum`.
    func size(for request: ChatRequest, maximum: Int) -> Int {
        let needed = Self.estimatedPromptTokens(request) + (request.maxTokens ?? Self.defaultAnswerTokens)
        let rounded = (needed + Self.step - 1) / Self.step * Self.step
        let wanted = min(max(rounded, Self.minimum), max(maximum, Self.minimum))
        return largest.withLock { largest in
            largest = max(largest, wanted)
            return min(largest, max(maximum, Self.minimum))
        }
    }

    /// Tokens the prompt will take, estimated from its UTF-8 size: the system prompt, every
    /// message with its tool calls, and the tool definitions the template renders into it.
    static func estimatedPromptTokens(_ request: ChatRequest) -> Int {
        var bytes = request.system?.utf8.count ?? 0
        for message in request.messages {
            bytes += message.content.utf8.count + 8  // the template's role markers
            for call in message.toolCalls { bytes += call.name.utf8.count + call.argumentsJSON.utf8.count }
        }
        for tool in request.tools {
            bytes += tool.name.utf8.count + tool.description.utf8.count + tool.parameters.jsonText.utf8.count
        }
        return (bytes + 2) / 3
    }
}
