import Foundation
import Glibc
import MemLayer

/// Serves one connection of a ``LoopbackHTTPServer``: reads one request, records it, and plays
/// the scripted response. Runs on the connection's own thread.
struct LoopbackConnection {
    let fd: Int32
    let core: LoopbackServerCore

    /// How long a client may take to send its whole request.
    static let requestTimeout: Duration = .seconds(10)
    /// How long a never-answered request holds the connection at most.
    static let neverAnswerLimit: Duration = .seconds(60)

    func serve() {
        guard let request = readRequest() else { return }
        let response = core.handler(request)
        play(response, skipBody: request.method == "HEAD")
    }

    // MARK: Reading

    private func readRequest() -> RecordedRequest? {
        let deadline = ContinuousClock.now + Self.requestTimeout
        var buffer: [UInt8] = []
        var head: RequestHeadParser.Head?
        var sentContinue = false
        while ContinuousClock.now < deadline, !core.isStopping {
            if head == nil {
                switch RequestHeadParser.parse(buffer) {
                case .needMore: break
                case .invalid(let reason):
                    reject(reason)
                    return nil
                case .head(let parsed): head = parsed
                }
            }
            if let head {
                let bodyBytes = buffer.count - head.length
                if bodyBytes >= head.contentLength {
                    let body = Data(buffer[head.length..<(head.length + head.contentLength)])
                    return core.record(method: head.method, target: head.target, headers: head.headers, body: body)
                }
                if head.expectsContinue, !sentContinue {
                    sentContinue = true
                    guard LoopbackSocket.write(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
                }
            }
            guard LoopbackSocket.read(fd, into: &buffer) != nil else { return nil }
        }
        return nil
    }

    private func reject(_ reason: String) {
        let body = Array(reason.utf8)
        let head =
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        _ = LoopbackSocket.write(fd, Array(head.utf8) + body)
    }

    // MARK: Writing

    private func play(_ response: ScriptedResponse, skipBody: Bool) {
        if response.neverAnswers {
            // Hold the connection until the client gives up (or the server stops).
            if !LoopbackSocket.pause(fd, for: Self.neverAnswerLimit, shouldStop: { core.isStopping }), !core.isStopping
            {
                core.noteClientDisconnect()
            }
            return
        }
        guard LoopbackSocket.write(fd, Array(headText(for: response).utf8)) else { return abandoned() }
        if skipBody { return core.noteCompleted() }

        var sent = 0
        for part in response.parts {
            if part.delay > .zero, !LoopbackSocket.pause(fd, for: part.delay, shouldStop: { core.isStopping }) {
                return abandoned()
            }
            if let gate = part.gate, !waitFor(gate) { return abandoned() }
            if LoopbackSocket.peerClosed(fd) { return abandoned() }

            var bytes = part.bytes
            var dropAfterThis = false
            if let limit = response.dropAfterBodyBytes, sent + bytes.count >= limit {
                bytes = bytes.prefix(max(0, limit - sent))
                dropAfterThis = true
            }
            if !bytes.isEmpty, !LoopbackSocket.write(fd, framed(bytes, response.framing)) { return abandoned() }
            sent += bytes.count
            if dropAfterThis { return }
        }
        if response.dropAfterBodyBytes != nil { return }
        if response.framing == .chunked, !LoopbackSocket.write(fd, Array("0\r\n\r\n".utf8)) { return abandoned() }
        core.noteCompleted()
    }

    private func abandoned() {
        if !core.isStopping { core.noteClientDisconnect() }
    }

    private func waitFor(_ gate: LoopbackGate) -> Bool {
        let deadline = ContinuousClock.now + LoopbackHTTPServer.gateTimeout
        while !gate.isOpen, ContinuousClock.now < deadline {
            if !LoopbackSocket.pause(fd, for: .milliseconds(2), shouldStop: { core.isStopping }) { return false }
        }
        return true
    }

    private func headText(for response: ScriptedResponse) -> String {
        var headers = response.headers
        switch response.framing {
        case .contentLength:
            if !headers.contains("Content-Length") { headers.add("Content-Length", String(response.bodySize)) }
        case .chunked:
            if !headers.contains("Transfer-Encoding") { headers.add("Transfer-Encoding", "chunked") }
        case .untilClose:
            break
        }
        if !headers.contains("Connection") { headers.add("Connection", "close") }
        var text = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        return text + "\r\n"
    }

    private func framed(_ bytes: Data, _ framing: ScriptedResponse.Framing) -> [UInt8] {
        guard framing == .chunked else { return Array(bytes) }
        return Array((String(bytes.count, radix: 16) + "\r\n").utf8) + Array(bytes) + [13, 10]
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
