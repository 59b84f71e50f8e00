import Foundation
import MemLayer

/// What the loopback server answers to one request: status, headers and a body sent in parts,
/// with optional pauses, gates, a dropped connection, or no answer at all.
public struct ScriptedResponse: Sendable {
    /// How the body's end is marked on the wire.
    public enum Framing: Sendable {
        /// A `Content-Length` header with the total size of all parts.
        case contentLength
        /// `Transfer-Encoding: chunked`, one HTTP chunk per part.
        case chunked
        /// Neither: the body ends when the server closes the connection.
        case untilClose
    }

    /// A piece of the body, written with one `send` after its delay (and gate).
    public struct Part: Sendable {
        /// The bytes of this piece.
        public var bytes: Data
        /// How long to wait before sending it.
        public var delay: Duration
        /// A gate to wait for before sending it.
        public var gate: LoopbackGate?

        /// Creates a part from bytes.
        public init(_ bytes: Data, after delay: Duration = .zero, gate: LoopbackGate? = nil) {
            self.bytes = bytes
            self.delay = delay
            self.gate = gate
        }

        /// Creates a part from UTF-8 text.
        public init(_ text: String, after delay: Duration = .zero, gate: LoopbackGate? = nil) {
            self.init(Data(text.utf8), after: delay, gate: gate)
        }
    }

    /// The status code.
    public var status: Int
    /// Header fields to send; `Content-Length`/`Transfer-Encoding` and `Connection` are added
    /// unless present.
    public var headers: HTTPHeaders
    /// The body, in the pieces it is sent in.
    public var parts: [Part]
    /// How the body's end is marked.
    public var framing: Framing
    /// If set, the server closes the connection after this many body bytes (framing included for
    /// chunked bodies is not counted), as a crashed or cut-off server would.
    public var dropAfterBodyBytes: Int?
    /// If true, the server reads the request and never answers, holding the connection open.
    public var neverAnswers: Bool

    /// Creates a response.
    public init(
        status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), parts: [Part] = [], framing: Framing = .contentLength,
        dropAfterBodyBytes: Int? = nil, neverAnswers: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.parts = parts
        self.framing = framing
        self.dropAfterBodyBytes = dropAfterBodyBytes
        self.neverAnswers = neverAnswers
    }

    /// A response with a whole body and a `Content-Length`.
    public static func body(
        _ body: Data, status: Int = 200, contentType: String = "application/octet-stream",
        headers: HTTPHeaders = HTTPHeaders()
    ) -> ScriptedResponse {
        var all = headers
        if !all.contains("Content-Type") { all.add("Content-Type", contentType) }
        return ScriptedResponse(status: status, headers: all, parts: body.isEmpty ? [] : [Part(body)])
    }

    /// A text response.
    public static func text(
        _ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8",
        headers: HTTPHeaders = HTTPHeaders()
    ) -> ScriptedResponse {
        body(Data(text.utf8), status: status, contentType: contentType, headers: headers)
    }

    /// A JSON response.
    public static func json(_ json: String, status: Int = 200, headers: HTTPHeaders = HTTPHeaders()) -> ScriptedResponse
    {
        text(json, status: status, contentType: "application/json; charset=utf-8", headers: headers)
    }

    /// A streamed response: each part becomes one HTTP chunk, sent after its delay.
    public static func stream(
        _ parts: [Part], status: Int = 200, contentType: String = "text/event-stream",
        framing: Framing = .chunked, headers: HTTPHeaders = HTTPHeaders()
    ) -> ScriptedResponse {
        var all = headers
        if !all.contains("Content-Type") { all.add("Content-Type", contentType) }
        return ScriptedResponse(status: status, headers: all, parts: parts, framing: framing)
    }

    /// A response that never comes: the server holds the connection until the client leaves.
    public static let neverAnswer = ScriptedResponse(neverAnswers: true)

    /// This response, cut off by closing the connection after `count` body bytes.
    public func droppingConnection(afterBodyBytes count: Int) -> ScriptedResponse {
        var copy = self
        copy.dropAfterBodyBytes = count
        return copy
    }

    /// Splits `body` into parts at the given byte offsets (each in `1..<body.count`).
    public static func split(_ body: Data, at offsets: [Int], delay: Duration = .zero) -> [Part] {
        var parts: [Part] = []
        var start = body.startIndex
        for offset in offsets.sorted() where offset > 0 && offset < body.count {
            let end = body.startIndex + offset
            if end > start {
                parts.append(Part(body[start..<end], after: parts.isEmpty ? .zero : delay))
                start = end
            }
        }
        parts.append(Part(body[start...], after: parts.isEmpty ? .zero : delay))
        return parts
    }

    /// The total size of all parts.
    var bodySize: Int { parts.reduce(0) { $0 + $1.bytes.count } }
}
