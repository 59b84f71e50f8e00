import Foundation

/// One turn of the chat loop: build the system prompt, stream the model's answer to the caller,
/// run the tools it calls (several rounds, bounded), and return the final answer.
///
/// Whatever the model writes, a turn keeps these promises: tool-call text is never shown (see
/// ``RoundReply``); every round is capped in tokens and ended early when the model loops; a
/// call already answered in the turn is not run again; and the turn ends with an answer in
/// plain words — when the rounds run out or the model only repeats itself, one last request
/// without tools asks for the answer, and if even that is a call, the answer is built from what
/// the tools returned.
struct ChatTurn: Sendable {
    let provider: any ChatProvider
    let tools: MemoryTools
    let options: ChatOptions
    /// False once the model has said it cannot use tools: memory is then retrieved up front.
    let toolsSupported: Bool

    struct Outcome: Sendable {
        /// The text of the final round as the user saw it (never tool-call text, never empty).
        var answer: String
        var trace: Trace
        /// Due reminders the system prompt asked the model to mention.
        var remindedTasks: [ScheduledTask]
        /// The provider refused tools during this turn.
        var toolsRefused: Bool
        /// Reminders the tools scheduled (or found already scheduled) during the turn, by id.
        var scheduledTaskIDs: [Int64]
    }

    func run(_ messages: [ChatMessage], emit: @Sendable (String) -> Void) async throws -> Outcome {
        var recorder = TraceRecorder()
        let now = options.now()
        var conversation = messages.filter { $0.role != .system }
        var prompt = SystemPrompt(
            now: now, timeZone: options.timeZone, toolsAvailable: toolsSupported,
            callerInstructions: messages.filter { $0.role == .system }.map(\.content))
        prompt.dueTasks = try await tools.engine.dueTasks(userID: tools.userID, now: now)
        var useTools = toolsSupported
        var toolsRefused = false
        if !useTools { prompt.retrievedMemories = await retrieveUpFront(conversation, trace: &recorder) }

        var tools = self.tools
        tools.userMessage = conversation.last { $0.role == .user }?.content
        var ledger = ToolCallLedger()
        var round = 0
        var mustAnswer = false
        while true {
            if useTools, !mustAnswer, round >= options.maxToolRounds {
                mustAnswer = true
                recorder.record("final_answer", "\(round) tool rounds used: asking for the answer without tools", from: .now)
            }
            let offerTools = useTools && !mustAnswer
            prompt.toolsAvailable = offerTools
            prompt.answerFromResults = mustAnswer && !ledger.isEmpty
            let request = ChatRequest(
                system: prompt.text, messages: conversation, tools: offerTools ? MemoryTools.definitions : [],
                temperature: options.temperature, maxTokens: options.maxTokens)
            // Calls are recognised (and kept from the user) even when no tools are offered.
            var reply = RoundReply(tools: MemoryTools.definitions, round: round, answered: ledger.keys)
            let began = ContinuousClock.now
            do {
                for try await event in provider.stream(request) {
                    guard reply.take(event, emit: emit, recorder: &recorder) else { break }  // looping: end the round
                }
            } catch let error as ProviderError
                where error.kind == .toolsUnsupported && offerTools && reply.shownText.isEmpty
            {
                recorder.record("provider", "\(provider.name) refused tools; retrieving memory up front", from: began)
                useTools = false
                toolsRefused = true
                prompt.retrievedMemories = await retrieveUpFront(conversation, trace: &recorder)
                continue
            }
            reply.end(emit: emit, recorder: &recorder)
            recorder.record("provider", reply.traceDetail(provider: provider), from: began)

            let calls = reply.calls
            if calls.isEmpty || !offerTools {
                if !calls.isEmpty {
                    recorder.record("ignored_calls", "\(calls.count) call(s) after tools were withdrawn; not run", from: .now)
                }
                let answer = finalAnswer(
                    reply, ledger: ledger, userMessage: tools.userMessage, emit: emit, recorder: &recorder)
                return Outcome(
                    answer: answer, trace: recorder.finish(), remindedTasks: prompt.dueTasks,
                    toolsRefused: toolsRefused, scheduledTaskIDs: ledger.scheduledTaskIDs)
            }

            conversation.append(.assistant(reply.shownText, toolCalls: calls))
            var ranAny = false
            for call in calls {
                if let earlier = ledger.result(for: call) {
                    recorder.record("repeat_call", "\(call.name) already answered in this turn; not run again", from: .now)
                    conversation.append(
                        .toolResult(for: call, content: "(already answered in this turn) " + earlier.text))
                    continue
                }
                let result = await tools.run(call, trace: &recorder)
                ledger.record(call, result)
                ranAny = true
                conversation.append(.toolResult(for: call, content: result.text))
            }
            if !ranAny {
                mustAnswer = true
                recorder.record(
                    "final_answer", "the model only repeated answered calls: asking for the answer without tools",
                    from: .now)
            }
            round += 1
        }
    }

    /// The last round's text as the answer — or, when the model gave none, a plain sentence
    /// from the tools' results — plus a short note when the round was cut.
    private func finalAnswer(
        _ reply: RoundReply, ledger: ToolCallLedger, userMessage: String?, emit: (String) -> Void,
        recorder: inout TraceRecorder
    ) -> String {
        let answer = reply.shownText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !answer.isEmpty else {
            // The model's own words are missing, so how its round ended is not news to the user.
            let fallback = ledger.fallbackAnswer ?? Self.plainReply(to: userMessage)
            recorder.record("fallback_answer", "the model gave no answer in words; answered from the tool results", from: .now)
            recorder.firstToken()
            emit(fallback)
            return fallback
        }
        if let note = note(for: reply) {
            recorder.record("answer_note", note, from: .now)
            emit("\n\n[\(note)]")
        }
        return answer
    }

    /// The answer of last resort when neither the model nor its tools said anything usable: to
    /// a question, that memory has nothing on it; to anything else, an acknowledgement (the
    /// turn itself is kept and queued, so "noted" is true).
    static func plainReply(to message: String?) -> String {
        let text = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.hasSuffix("?") ? "I don't have anything about that in memory." : "Noted."
    }

    /// What the user should know about how the last round ended, if anything.
    private func note(for reply: RoundReply) -> String? {
        if reply.cutShort != nil { return "The model began repeating itself, so its answer was cut short." }
        switch reply.finish?.reason {
        case "length":
            return "The answer was cut off at the \(options.maxTokens.map { "\($0)-token" } ?? "model's") limit."
        case "content_filter": return "The provider stopped this answer (content filter)."
        default: return nil
        }
    }

    /// For models without tools: the memories closest to the last user message, as prompt text.
    private func retrieveUpFront(_ conversation: [ChatMessage], trace: inout TraceRecorder) async -> String? {
        guard let question = conversation.last(where: { $0.role == .user })?.content else { return nil }
        do {
            let result = try await tools.search(question, tier: .balanced, trace: &trace)
            return result.hits.isEmpty ? nil : result.text  // formatted (and timed) by the search itself
        } catch {
            trace.record("auto_retrieve", "failed: \(error)", from: .now)
            return nil
        }
    }
}
