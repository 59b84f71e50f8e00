import Foundation
import MemLayerHTTP

/// The error message a remote service put in its error body, in any of the common shapes:
/// Ollama's `{"error": "…"}`, OpenAI's `{"error": {"message", "type", "param", "code"}}`
/// (whose `code` compatible servers sometimes send as a number), or a top-level `message`.
struct ServiceErrorBody: Equatable {
    var message: String?
    var type: String?
    var code: String?

    init(message: String? = nil, type: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }

    /// Parses `data`; fields it cannot find stay nil.
    init(parsing data: Data?) {
        guard let data, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        if let text = object["error"] as? String {
            message = text
        } else if let error = object["error"] as? [String: Any] {
            message = error["message"] as? String
            type = error["type"] as? String
            code = Self.text(error["code"])
        } else {
            message = object["message"] as? String
            type = object["type"] as? String
            code = Self.text(object["code"])
        }
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// `label: message` on one line, the message cut to 500 characters, or whichever of the two
    /// is present: for error bodies that name their error (Anthropic's `type`, Google's `status`).
    static func summary(label: String?, message: String?) -> String? {
        let text = message.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let short = text.map { $0.count > 500 ? String($0.prefix(499)) + "…" : $0 }
        switch (label, short) {
        case (let label?, let message?) where !message.isEmpty: return "\(label): \(message)"
        case (let label?, _): return label
        case (nil, let message?) where !message.isEmpty: return message
        default: return nil
        }
    }

    /// The service's message, or else a short excerpt of the raw body.
    static func describe(_ error: TransportError) -> String {
        if let status = error.status, (300..<400).contains(status) {
            return "\(error.detail ?? "a redirect"); MemLayer does not follow redirects, so use the address it points to"
        }
        let parsed = ServiceErrorBody(parsing: error.responseBody)
        if let message = parsed.message, !message.isEmpty {
            let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
            return oneLine.count > 300 ? String(oneLine.prefix(299)) + "…" : oneLine
        }
        return error.bodyExcerpt ?? "no error message"
    }
}
