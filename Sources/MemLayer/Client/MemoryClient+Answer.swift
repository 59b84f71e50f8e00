extension MemoryClient {
    /// Answers `question` from this user's memory alone, with this client's provider (see
    /// ``MemoryEngine/answer(_:userID:provider:options:)``): no tools, one model call at most,
    /// nothing queued for extraction.
    public func answer(_ question: String) async throws -> MemoryAnswer {
        var answerOptions = AnswerOptions()
        answerOptions.temperature = options.temperature
        answerOptions.maxTokens = options.maxTokens
        answerOptions.timeZone = options.timeZone
        answerOptions.now = options.now
        return try await engine.answer(question, userID: userID, provider: provider, options: answerOptions)
    }
}
