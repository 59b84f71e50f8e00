import Foundation

/// One turn of the chat loop: build the system prompt, stream the model's answer to the caller,
/// run the tools it calls (several rounds, bounded), and return the final answer.
struct ChatTurn: Sendable {
    let provider: any ChatProvider
    let tools: MemoryTools
    let options: ChatOptions
    /// False once the model has said it cannot use tools: memory is then retrieved up front.
    let toolsSupported: Bool

    struct Outcome: Sendable {
        /// The text of the final round (not text from before a tool call).
        var answer: String
        var trace: ChatTrace
        /// Due reminders the system prompt asked the model to mention.
        var remindedTasks: [ScheduledTask]
        /// The provider refused tools during this turn.
        var toolsRefused: Bool
    }

    func run(_ messages: [ChatMessage], emit: @Sendable (String) -> Void) async throws -> Outcome {
        var recorder = TraceRecorder()
        let now = options.now()
        var conversation = messages.filter { $0.role != .system }
        var prompt = SystemPrompt(
            now: now, timeZone: options.timeZone, toolsAvailable: toolsSupported,
            callerInstructions: messages.filter { $0.role == .system }.map(\.content))
        prompt.dueTasks = try await tools.engine.store.dueTasks(userID: tools.userID, now: now)
        var useTools = toolsSupported
        var toolsRefused = false
        if !useTools { prompt.retrievedMemories = await retrieveUpFront(conversation, trace: &recorder) }

        var round = 0
        while true {
            let offerTools = useTools && round < options.maxToolRounds
            prompt.toolsAvailable = offerTools
            let request = ChatRequest(
                system: prompt.text, messages: conversation, tools: offerTools ? MemoryTools.definitions : [],
                temperature: options.temperature, maxTokens: options.maxTokens)
            var reply = RoundReply(holdsPossibleToolCalls: offerTools)
            let began = ContinuousClock.now
            do {
                for try await event in provider.stream(request) {
                    reply.take(event, emit: emit, recorder: &recorder)
                }
            } catch let error as ProviderError where error.kind == .toolsUnsupported && offerTools && reply.text.isEmpty
            {
                recorder.record("provider", "\(provider.name) refused tools; retrieving memory up front", from: began)
                useTools = false
                toolsRefused = true
                prompt.retrievedMemories = await retrieveUpFront(conversation, trace: &recorder)
                continue
            }
            recorder.record("provider", "\(provider.name) \(provider.model) round \(round + 1)", from: began)
            // Past the round limit no tools were offered: a call the model makes anyway is ignored,
            // and what it wrote is the answer.
            let calls = offerTools ? reply.finish(known: MemoryTools.names, emit: emit, recorder: &recorder) : []
            if !offerTools { _ = reply.finish(known: [], emit: emit, recorder: &recorder) }
            if calls.isEmpty {
                return Outcome(
                    answer: reply.text, trace: recorder.finish(), remindedTasks: prompt.dueTasks,
                    toolsRefused: toolsRefused)
            }
            conversation.append(.assistant(reply.isToolCallText ? "" : reply.text, toolCalls: calls))
            for call in calls {
                let result = await tools.run(call, trace: &recorder)
                conversation.append(.toolResult(for: call, content: result))
            }
            round += 1
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

/// One provider round's reply as it streams: text goes to the caller at once, except a reply
/// that starts like JSON while tools are offered — that is held back until it is known whether
/// it is a tool call written as text.
struct RoundReply {
    let holdsPossibleToolCalls: Bool
    private(set) var text = ""
    private var unsent = ""
    /// nil: undecided; true: holding back; false: streaming.
    private var holding: Bool?
    private var calls: [ToolCall] = []
    private(set) var isToolCallText = false

    init(holdsPossibleToolCalls: Bool) {
        self.holdsPossibleToolCalls = holdsPossibleToolCalls
        if !holdsPossibleToolCalls { holding = false }
    }

    mutating func take(_ event: ChatEvent, emit: (String) -> Void, recorder: inout TraceRecorder) {
        switch event {
        case .text(let chunk):
            text += chunk
            unsent += chunk
            if holding == nil { holding = TextToolCallParser.mightBeToolCall(text) }
            if holding == false { flush(emit: emit, recorder: &recorder) }
        case .toolCall(let call):
            calls.append(call)
        case .finished:
            break
        }
    }

    /// The round's tool calls (structured, or parsed from held text); shows held text that turned
    /// out not to be a call.
    mutating func finish(known: Set<String>, emit: (String) -> Void, recorder: inout TraceRecorder) -> [ToolCall] {
        if calls.isEmpty, holding == true, let parsed = TextToolCallParser.parse(text, known: known) {
            isToolCallText = true
            return parsed
        }
        flush(emit: emit, recorder: &recorder)
        return calls
    }

    private mutating func flush(emit: (String) -> Void, recorder: inout TraceRecorder) {
        guard !unsent.isEmpty else { return }
        recorder.firstToken()
        emit(unsent)
        unsent = ""
    }
}
