import Foundation

extension MemoryEngine {
    /// Answers `question` from `userID`'s memory alone: a search (deep tier by default), then one
    /// call to `provider` whose prompt holds only what was found — the relevant memories with
    /// their dates, and the knowledge-graph facts — and says to answer from nothing else.
    ///
    /// When the search finds nothing relevant (no hit at ``AnswerOptions/minimumScore`` or above,
    /// and no graph fact around an entity the question names), the model is not called: the answer is
    /// ``MemoryAnswer/nothingInMemory`` and ``MemoryAnswer/consultedModel`` is false. When
    /// something was found but does not answer the question, the prompt has the model say that
    /// same sentence. Nothing is queued for extraction: a question is not a conversation.
    public func answer(
        _ question: String, userID: String, provider: any ChatProvider, options: AnswerOptions = AnswerOptions()
    ) async throws -> MemoryAnswer {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidInput, "the question is empty")
        }
        var recorder = TraceRecorder()
        let offset = recorder.elapsed
        let found = try await search(question, userID: userID, tier: options.tier)
        recorder.append(found.trace, offset: offset)
        // Relevance is the similarity to the question (the ranking score is relative: the first hit
        // always scores near 1), a keyword-only hit's included; without vectors, a keyword match is
        // the evidence.
        let memories = found.hits.filter { hit in
            guard let details = found.scores[hit.memory.id] else { return false }
            if let similarity = details.similarity { return Float(similarity) >= options.minimumScore }
            return details.keywordRank != nil
        }
        // The graph is walked from entities the query *and* the hits name, and search always
        // returns its top hits, relevant or not: without a relevant hit, the facts count only
        // when the question itself names one of their entities.
        let lowered = question.lowercased()
        let namesEntity = found.graphFacts.contains { fact in
            [fact.subject, fact.object].map(EntityName.canonical).contains { !$0.isEmpty && lowered.contains($0) }
        }
        let facts = memories.isEmpty && !namesEntity ? [] : found.graphFacts
        guard !memories.isEmpty || !facts.isEmpty else {
            recorder.record("answer", "nothing relevant in memory; model not called", from: .now)
            return MemoryAnswer(
                text: MemoryAnswer.nothingInMemory, memories: [], graphFacts: [], consultedModel: false,
                trace: recorder.finish())
        }
        let prompt = AnswerPrompt(
            question: question, memories: memories, facts: facts, now: options.now(),
            timeZone: options.timeZone)
        let began = ContinuousClock.now
        var text = ""
        for try await event in provider.stream(prompt.request(options: options)) {
            if case .text(let chunk) = event {
                if text.isEmpty { recorder.firstToken() }
                text += chunk
            }
        }
        recorder.record("provider", "\(provider.name) \(provider.model)", from: began)
        let answer = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return MemoryAnswer(
            text: answer.isEmpty ? MemoryAnswer.nothingInMemory : answer, memories: memories,
            graphFacts: facts, consultedModel: true, trace: recorder.finish())
    }
}
