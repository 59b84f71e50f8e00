import Foundation
import MemLayer

/// Parses the head of an HTTP/1.1 request from the bytes received so far.
struct RequestHeadParser {
    /// The largest request head accepted.
    static let maxHeadBytes = 64 * 1024
    /// The largest request body accepted.
    static let maxBodyBytes = 32 * 1024 * 1024

    struct Head {
        var method: String
        var target: String
        var headers: HTTPHeaders
        var contentLength: Int
        var expectsContinue: Bool
        /// Bytes of `buffer` the head occupied, up to and including the blank line.
        var length: Int
    }

    enum Outcome {
        case needMore
        case head(Head)
        case invalid(String)
    }

    static func parse(_ buffer: [UInt8]) -> Outcome {
        guard let end = headEnd(in: buffer) else {
            return buffer.count > maxHeadBytes ? .invalid("request head too large") : .needMore
        }
        let text = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else {
            return .invalid("malformed request line")
        }
        var headers = HTTPHeaders()
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .invalid("malformed header line") }
            headers.add(
                String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        if let encoding = headers["Transfer-Encoding"], encoding.lowercased() != "identity" {
            return .invalid("chunked request bodies are not supported")
        }
        let length = headers["Content-Length"].map { Int($0) ?? -1 } ?? 0
        guard length >= 0, length <= maxBodyBytes else { return .invalid("bad Content-Length") }
        return .head(
            Head(
                method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                contentLength: length,
                expectsContinue: headers["Expect"]?.lowercased() == "100-continue",
                length: end + 4))
    }

    /// The index of the `\r\n\r\n` that ends the head.
    private static func headEnd(in buffer: [UInt8]) -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
