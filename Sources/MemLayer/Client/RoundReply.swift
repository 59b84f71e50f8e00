/// One provider round's reply as it streams: text the user may see goes out at once, tool calls
/// written as text are taken out (``ToolCallTextFilter``), structured calls are collected, and a
/// model caught in a loop — the same text or the same call again and again — ends the round.
struct RoundReply {
    /// Why a round ended before the model stopped.
    enum CutShort: Equatable {
        /// The text repeated a stretch of `period` bytes.
        case repetition(period: Int)
        /// The same call was written `times` times, counting one already answered earlier in
        /// the turn: the model is going round in circles.
        case repeatedCall(name: String, times: Int)
    }

    /// The same call this many times (an answered one counting once already) ends the round:
    /// no model needs one call twice, and a looping one writes it hundreds of times.
    static let repeatedCallLimit = 2

    private var filter: ToolCallTextFilter
    private var repetition = RepetitionGuard()
    private var callCounts: [String: Int] = [:]
    private var countedCalls = 0
    private let round: Int
    private(set) var structuredCalls: [ToolCall] = []
    private(set) var finish: ChatFinish?
    private(set) var cutShort: CutShort?

    /// - Parameter answered: the ``ToolCallLedger/key(_:)`` of every call already run this turn.
    init(tools: [ToolDefinition], round: Int, answered: Set<String> = []) {
        filter = ToolCallTextFilter(tools: tools)
        self.round = round
        for key in answered { callCounts[key] = 1 }
    }

    /// What the user was shown this round (tool-call text taken out).
    var shownText: String { filter.shown }
    /// Tool calls the model wrote as text, with their forms.
    var textCalls: [RecognisedToolCall] { filter.recognised }
    /// Pieces plainly meant as calls that could not be read.
    var malformed: Int { filter.malformed }

    /// Every call of the round: structured ones, then those written as text (each text call once,
    /// with an id of its own).
    var calls: [ToolCall] {
        var seen = Set<String>()
        var result = structuredCalls
        for (index, found) in textCalls.enumerated() where seen.insert(ToolCallLedger.key(found.call)).inserted {
            var call = found.call
            call.id = "text_call_\(round)_\(index)"
            result.append(call)
        }
        return result
    }

    /// Takes one event; false when the round must end now because the model is looping.
    mutating func take(_ event: ChatEvent, emit: (String) -> Void, recorder: inout TraceRecorder) -> Bool {
        switch event {
        case .text(let chunk):
            show(filter.feed(chunk), emit: emit, recorder: &recorder)
            if repetition.take(chunk), let period = repetition.period {
                cutShort = .repetition(period: period)
                return false
            }
            return !countRepeatedCalls()
        case .toolCall(let call):
            structuredCalls.append(call)
        case .finished(let finish):
            self.finish = finish
        }
        return true
    }

    /// The round is over: shows what was held back and turned out not to be a call.
    mutating func end(emit: (String) -> Void, recorder: inout TraceRecorder) {
        show(filter.finish(), emit: emit, recorder: &recorder)
        _ = countRepeatedCalls()
    }

    /// One line for the trace: `round N: stop=… tokens=… calls=… text_calls=…[forms] malformed=…`.
    func traceDetail(provider: any ChatProvider) -> String {
        let forms = Set(textCalls.map(\.form.rawValue)).sorted().joined(separator: ",")
        var detail =
            "\(provider.name) \(provider.model) round \(round + 1): stop=\(finish?.reason ?? "none")"
            + " tokens=\(finish?.outputTokens.map(String.init) ?? "?") calls=\(structuredCalls.count)"
            + " text_calls=\(textCalls.count)" + (forms.isEmpty ? "" : "[\(forms)]")
        if malformed > 0 { detail += " malformed=\(malformed)" }
        switch cutShort {
        case .repetition(let period): detail += " cut=repetition(\(period) bytes)"
        case .repeatedCall(let name, let times): detail += " cut=repeated_call(\(name) ×\(times))"
        case nil: break
        }
        return detail
    }

    private func show(_ text: String, emit: (String) -> Void, recorder: inout TraceRecorder) {
        guard !text.isEmpty else { return }
        recorder.firstToken()
        emit(text)
    }

    /// True (and `cutShort` set) once one call was written ``repeatedCallLimit`` times.
    private mutating func countRepeatedCalls() -> Bool {
        let found = textCalls
        while countedCalls < found.count {
            let call = found[countedCalls].call
            countedCalls += 1
            let key = ToolCallLedger.key(call)
            callCounts[key, default: 0] += 1
            if callCounts[key]! >= Self.repeatedCallLimit, cutShort == nil {
                cutShort = .repeatedCall(name: call.name, times: callCounts[key]!)
            }
        }
        if case .repeatedCall = cutShort { return true }
        return false
    }
}
