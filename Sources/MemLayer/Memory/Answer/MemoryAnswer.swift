/// A memory-grounded answer to a question, with what it was grounded on.
public struct MemoryAnswer: Sendable, Equatable {
    /// What the user is told when memory holds nothing relevant; the model is told to answer
    /// exactly this when what was found does not contain the answer.
    public static let nothingInMemory = "I don't have that in memory."

    /// The answer text.
    public var text: String
    /// The memories shown to the model, most relevant first.
    public var memories: [SearchHit]
    /// The knowledge-graph facts shown to the model.
    public var graphFacts: [GraphFact]
    /// False when memory had nothing relevant, so no model was called and ``text`` is
    /// ``nothingInMemory``.
    public var consultedModel: Bool
    /// Phase events (search phases, the model call) with durations.
    public var trace: Trace

    /// Equal when text, memories, facts and ``consultedModel`` are: two runs of the same answer
    /// never have the same timings, so the trace is left out.
    public static func == (lhs: MemoryAnswer, rhs: MemoryAnswer) -> Bool {
        lhs.text == rhs.text && lhs.memories == rhs.memories && lhs.graphFacts == rhs.graphFacts
            && lhs.consultedModel == rhs.consultedModel
    }
}
