import Foundation

/// One server-sent event.
package struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; nil means the default type, "message".
    package var event: String?
    /// The `data:` lines joined with newlines.
    package var data: String
    /// The `id:` field, if any.
    package var id: String?

    package init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// Server-sent events framing (OpenAI, Anthropic, Gemini streams), per the WHATWG
/// event-stream rules: fields `event`, `data`, `id` (and `retry`, ignored); lines starting with
/// `:` are comments; one optional space after the colon is dropped; a blank line dispatches the
/// event; an event with no data is not dispatched. Fed raw bytes in chunks of any size. A line
/// or an event (its data lines together) longer than its bound throws ``FrameTooLarge``.
package struct SSEDecoder: Sendable {
    private var lines: LineSplitter
    private let maximumEventBytes: Int
    private var event: String?
    private var dataLines: [String] = []
    private var dataBytes = 0
    private var id: String?
    private var sawData = false
    private var atStart = true

    /// A decoder that refuses lines longer than `maximumLineBytes` and events whose data lines
    /// together pass `maximumEventBytes`.
    package init(
        maximumLineBytes: Int = FrameTooLarge.defaultLimit, maximumEventBytes: Int = FrameTooLarge.defaultLimit
    ) {
        lines = LineSplitter(maximumLineBytes: maximumLineBytes)
        self.maximumEventBytes = maximumEventBytes
    }

    /// Feeds a chunk; returns the events it completed.
    package mutating func feed(_ chunk: Data) throws(FrameTooLarge) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for line in try lines.feed(chunk) {
            if let event = try process(line) { events.append(event) }
        }
        return events
    }

    /// At end of stream: an event left without its closing blank line, if it has data (servers
    /// that close right after the last `data:` line).
    package mutating func finish() throws(FrameTooLarge) -> SSEEvent? {
        if let last = lines.finish() { _ = try process(last) }
        return dispatch()
    }

    private mutating func process(_ bytes: [UInt8]) throws(FrameTooLarge) -> SSEEvent? {
        var line = bytes
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }  // a leading BOM
        }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var value = colon.map { Array(line[($0 + 1)...]) } ?? []
        if value.first == UInt8(ascii: " ") { value.removeFirst() }
        let text = String(decoding: value, as: UTF8.self)
        switch name {
        case "event": event = text
        case "data":
            dataBytes += value.count + 1
            guard dataBytes <= maximumEventBytes else {
                dataLines.removeAll()
                dataBytes = 0
                throw FrameTooLarge(frame: "event", limit: maximumEventBytes)
            }
            dataLines.append(text)
            sawData = true
        case "id" where !text.contains("\0"): id = text
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            event = nil
            dataLines.removeAll()
            dataBytes = 0
            sawData = false
        }
        guard sawData else { return nil }
        return SSEEvent(event: event, data: dataLines.joined(separator: "\n"), id: id)
    }
}
