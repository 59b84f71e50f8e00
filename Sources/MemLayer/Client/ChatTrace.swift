/// The trace of a chat turn: the same type as a search's or an answer's ``Trace``.
@available(*, deprecated, renamed: "Trace")
public typealias ChatTrace = Trace
