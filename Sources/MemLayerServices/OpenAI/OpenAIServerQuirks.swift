import Foundation
import Synchronization

/// What an OpenAI-compatible server refused, learnt from its 400 answers and remembered for the
/// provider value (shared by its copies), so each refusal costs one extra request only once.
final class OpenAIServerQuirks: Sendable {
    struct State: Equatable {
        /// `response_format` `json_schema` was refused: JSON mode (`json_object`) instead.
        var refusesJSONSchema = false
        /// `temperature` was refused (reasoning models take only their default).
        var refusesTemperature = false
        /// `reasoning_effort` was refused altogether.
        var refusesReasoningEffort = false
        /// The lowest `reasoning_effort` the server listed as supported, after refusing ours.
        var lowestReasoningEffort: String?
    }

    private let state = Mutex(State())

    init() {}

    var current: State { state.withLock { $0 } }

    /// Applies `change`; returns whether the state changed (whether a retry can differ).
    func update(_ change: (inout State) -> Void) -> Bool {
        state.withLock { state in
            let before = state
            change(&state)
            return state != before
        }
    }
}

/// What MemLayer knows of OpenAI's reasoning models from their names.
enum OpenAIReasoningModel {
    /// Whether `model` is a reasoning model (o1, o3, o4-mini, gpt-5 and later, not their `-chat`
    /// variants), which rejects `temperature` and takes `reasoning_effort`. A provider prefix
    /// (`openai/o3` on a router) is ignored.
    static func isReasoning(_ model: String) -> Bool {
        let name = baseName(model)
        if name.contains("-chat") { return false }
        for series in ["o1", "o3", "o4"] where name == series || name.hasPrefix(series + "-") { return true }
        return name.hasPrefix("gpt-5") || name.hasPrefix("gpt-6")
    }

    /// The lowest `reasoning_effort` the model is documented to take: `low` for the o-series,
    /// `minimal` for gpt-5 and its mini and nano, `none` from gpt-5.1 on. A server that lists
    /// other values when refusing ours is believed instead (``lowest(in:)``).
    static func lowestEffort(for model: String) -> String {
        let name = baseName(model)
        if name.hasPrefix("o") { return "low" }
        if name == "gpt-5" || name.hasPrefix("gpt-5-") { return "minimal" }
        return "none"
    }

    /// Every effort, lowest first (openai-python `ReasoningEffort`).
    static let efforts = ["none", "minimal", "low", "medium", "high", "xhigh", "max"]

    /// The lowest effort a refusal lists, as in "Supported values are: 'none', 'low', 'medium',
    /// and 'high'."
    static func lowest(in message: String) -> String? {
        guard let range = message.range(of: "supported values are", options: .caseInsensitive) else { return nil }
        let listed = message[range.upperBound...].split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
        return efforts.first(where: listed.contains)
    }

    private static func baseName(_ model: String) -> String {
        String(model.lowercased().split(separator: "/").last ?? "")
    }
}
