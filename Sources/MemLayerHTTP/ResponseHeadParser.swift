import Foundation

/// Assembles a response head from the header lines libcurl hands over one at a time.
///
/// Interim `1xx` heads are dropped; lines after the final head (chunked trailers) are ignored.
struct ResponseHeadParser {
    private var status: Int?
    private var headers = HTTPHeaders()
    private(set) var head: HTTPResponseHead?

    /// Feeds one line (with or without its CRLF). Returns the head when `line` completes it.
    mutating func consume(_ rawLine: String) -> HTTPResponseHead? {
        guard head == nil else { return nil }
        var line = Substring(rawLine)
        while let last = line.last, last.isNewline { line.removeLast() }

        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            status = parts.count >= 2 ? Int(parts[1]) : nil
            headers = HTTPHeaders()
            return nil
        }
        if line.isEmpty {
            guard let status else { return nil }
            if status < 200 {
                self.status = nil
                return nil
            }
            let complete = HTTPResponseHead(status: status, headers: headers)
            head = complete
            return complete
        }
        guard status != nil else { return nil }
        if let first = line.first, first == " " || first == "\t", let previous = headers.fields.last {
            // An obsolete folded continuation line belongs to the previous field.
            let folded = previous.value + " " + line.trimmingCharacters(in: .whitespaces)
            var fields = headers.fields
            fields[fields.count - 1].value = folded
            headers = HTTPHeaders(fields)
            return nil
        }
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers.add(name, value)
        return nil
    }
}
