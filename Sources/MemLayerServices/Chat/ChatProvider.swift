/// A chat model service behind one wire format (Ollama, OpenAI-compatible, Claude, Gemini).
///
/// A provider only translates: ``ChatRequest`` to its HTTP request, its streamed response to
/// ``ChatEvent``s, its errors to ``ProviderError``. The memory, tools and chat loop live in
/// `MemoryClient`.
public protocol ChatProvider: Sendable {
    /// The service's name as users know it, for messages ("Ollama", "OpenAI", "Claude", "Gemini").
    var name: String { get }
    /// The model this provider talks to.
    var model: String { get }
    /// Streams the model's answer to `request`. The stream ends after `.finished`, or throws a
    /// ``ProviderError``. Stopping iteration (or cancelling the task) aborts the HTTP transfer.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error>
}
