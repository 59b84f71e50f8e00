import Synchronization

/// What a ``GeminiChatProvider`` remembers about the function calls it has seen, so that a
/// follow-up request can send them back the way Gemini requires.
///
/// Gemini's function calls usually carry no id, so the provider issues `call_<n>`, unique for the
/// provider's lifetime. Gemini 3 models attach a `thoughtSignature` to a call and reject a
/// follow-up whose call comes back without it; ``ToolCall`` has no place for it, so it is kept
/// here under the call's id. Shared by copies of the provider; bounded, oldest forgotten first.
final class GeminiCallLedger: Sendable {
    /// What is known about one call.
    struct Entry: Equatable {
        /// The opaque signature Gemini attached to the call's part, to be echoed verbatim.
        var thoughtSignature: String?
        /// Whether the id came from Gemini (then it is sent back in `functionCall` and
        /// `functionResponse`) rather than from the provider.
        var idFromService: Bool
    }

    /// How many calls are remembered.
    static let capacity = 1024

    private struct State {
        var nextNumber = 1
        var entries: [String: Entry] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Records a call seen in a response and returns its id: Gemini's own if it sent one, else
    /// the next `call_<n>`.
    func register(serviceID: String?, thoughtSignature: String?) -> String {
        state.withLock { state in
            let id: String
            if let serviceID, !serviceID.isEmpty {
                id = serviceID
            } else {
                id = "call_\(state.nextNumber)"
                state.nextNumber += 1
            }
            if state.entries[id] == nil { state.order.append(id) }
            state.entries[id] = Entry(thoughtSignature: thoughtSignature, idFromService: serviceID?.isEmpty == false)
            if state.order.count > Self.capacity {
                state.entries[state.order.removeFirst()] = nil
            }
            return id
        }
    }

    /// What is known about the call `id`, if this provider saw it.
    func entry(for id: String) -> Entry? {
        state.withLock { $0.entries[id] }
    }
}
