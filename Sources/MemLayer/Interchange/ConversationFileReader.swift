import Foundation

/// Reads a conversation file for `memlayer import --conversations`, telling the format by its
/// content:
///
/// - JSON Lines, one message per line: `{"conversation": "c1", "time": "2023-05-08T13:56:00Z",
///   "role": "user", "speaker": "Caroline", "text": "...", "id": "D1:3"}` (`speaker` and `id`
///   optional; blank lines skipped), or one JSON array of such objects;
/// - ChatGPT's `conversations.json` export: an array of conversations with a `mapping` (see
///   ``ChatGPTExport``).
///
/// All or nothing: the first bad line (or array element) is an ``ImportError`` naming it.
public enum ConversationFileReader {
    /// Every message of the file, in file order.
    public static func read(_ data: Data) throws -> [ConversationMessage] {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        guard let firstByte else { throw ImportError(line: 1, reason: "the file is empty") }
        let messages: [ConversationMessage]
        if firstByte == UInt8(ascii: "[") {
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                throw ImportError(line: 1, reason: "the file starts with [ but is not a valid JSON array")
            }
            if let first = array.first as? [String: Any], first["mapping"] != nil {
                messages = try ChatGPTExport.messages(in: array)
            } else {
                messages = try array.enumerated().map { try message($0.element, line: $0.offset + 1) }
            }
        } else {
            messages = try lines(of: data)
        }
        try checkUniqueIDs(messages)
        return messages
    }

    /// Parses one message object of the line format.
    public static func message(_ object: Any, line: Int) throws -> ConversationMessage {
        func fail(_ reason: String) -> ImportError { ImportError(line: line, reason: reason) }
        guard let fields = object as? [String: Any] else { throw fail("expected a JSON object") }
        guard let conversation = identifier(fields["conversation"]) else {
            throw fail("\"conversation\" must be a non-empty string or a number (the conversation's id)")
        }
        guard let timeText = fields["time"] as? String, let time = ISO8601.parse(timeText) else {
            throw fail(
                fields["time"] == nil
                    ? "missing \"time\" (when it was said, ISO-8601 such as 2023-05-08T13:56:00Z)"
                    : "\"time\" must be an ISO-8601 date such as 2023-05-08T13:56:00Z")
        }
        guard let roleText = fields["role"] as? String, let role = ConversationMessage.Role(rawValue: roleText) else {
            throw fail("\"role\" must be \"user\" or \"assistant\"")
        }
        let text = try checkedText(fields["text"], fail: fail)
        for field in ["conversation", "speaker", "id"] {
            if let value = fields[field], NULCharacters.found(in: value) { throw fail(NULCharacters.reason(field)) }
        }
        var speaker: String?
        if let value = fields["speaker"], !(value is NSNull) {
            guard let string = value as? String else { throw fail("\"speaker\" must be a string") }
            speaker = string.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var id: String?
        if let value = fields["id"], !(value is NSNull) {
            guard let string = identifier(value) else { throw fail("\"id\" must be a non-empty string or a number") }
            id = string
        }
        return ConversationMessage(
            conversation: conversation, time: time, role: role, speaker: speaker, text: text, id: id, line: line)
    }

    private static func lines(of data: Data) throws -> [ConversationMessage] {
        var messages: [ConversationMessage] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.last == 0x0D ? line.dropLast() : line
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(content)) else {
                throw ImportError(line: lineNumber, reason: "not valid JSON")
            }
            messages.append(try message(object, line: lineNumber))
        }
        return messages
    }

    /// Two messages with one id would be one memory, the second replacing the first.
    private static func checkUniqueIDs(_ messages: [ConversationMessage]) throws {
        var seen: [String: Int] = [:]
        for message in messages {
            guard let id = message.id else { continue }
            if let earlier = seen[id] {
                throw ImportError(
                    line: message.line, reason: "id \"\(id)\" is already used on line \(earlier); ids must be unique")
            }
            seen[id] = message.line
        }
    }

    /// A non-empty string, or a number written as text.
    static func identifier(_ value: Any?) -> String? {
        if let string = value as? String, !string.isEmpty { return string }
        if let number = value as? NSNumber, String(cString: number.objCType) != "c" { return number.stringValue }
        return nil
    }

    /// The message's words: a non-empty string without NUL (which marks binary or mis-encoded input).
    static func checkedText(_ value: Any?, fail: (String) -> ImportError) throws -> String {
        guard let text = value as? String else {
            throw fail(value == nil ? "missing \"text\"" : "\"text\" must be a string")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw fail("\"text\" is empty") }
        guard !NULCharacters.found(in: text) else { throw fail(NULCharacters.reason("text")) }
        return text
    }
}
