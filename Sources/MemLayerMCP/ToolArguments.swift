import MCP

/// A tool call's arguments, read by type. Every reader throws a ``ToolCallError`` that names the
/// argument and says what was expected, so the calling model can correct its call; an argument
/// the tool does not take is an error too (a misspelt `querry` must not pass for no query).
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    /// Checks that `arguments` holds only names the tool takes.
    init(tool: String, arguments: [String: Value]?, accepted: [String]) throws(ToolCallError) {
        self.tool = tool
        self.values = arguments ?? [:]
        let unknown = values.keys.filter { !accepted.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let takes = accepted.isEmpty ? "takes no arguments" : "takes " + accepted.joined(separator: ", ")
            var message = "\(tool) does not take \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); it \(takes)"
            if unknown.contains(where: { $0.lowercased().contains("user") }) {
                message += ". The user is fixed by the server (memlayer mcp --user), never by a tool call"
            }
            throw ToolCallError(message)
        }
    }

    /// A string with something besides white space in it.
    func text(_ name: String) throws(ToolCallError) -> String {
        guard let value = try optionalText(name) else {
            throw ToolCallError("\(tool) needs \"\(name)\", a non-empty string")
        }
        return value
    }

    /// A non-blank string, or nil when the argument is absent or null.
    func optionalText(_ name: String) throws(ToolCallError) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.allSatisfy(\.isWhitespace) else {
                throw ToolCallError("\(tool) needs \"\(name)\" to be a non-empty string; it was blank")
            }
            return text
        case .data?:
            // The SDK reads a string that is a `data:` URL as bytes; the original text is gone.
            throw ToolCallError("\"\(name)\" must be plain text; a data: URL is not accepted")
        case let other?:
            throw ToolCallError("\"\(name)\" must be a string, not \(Self.describe(other))")
        }
    }

    /// A number in `range`, or nil when absent or null.
    func number(_ name: String, in range: ClosedRange<Double>) throws(ToolCallError) -> Double? {
        let number: Double
        switch values[name] {
        case nil, .null?: return nil
        case .int(let value)?: number = Double(value)
        case .double(let value)?: number = value
        case let other?: throw ToolCallError("\"\(name)\" must be a number, not \(Self.describe(other))")
        }
        guard number.isFinite, range.contains(number) else {
            throw ToolCallError(
                "\"\(name)\" must be from \(Self.plain(range.lowerBound)) to \(Self.plain(range.upperBound)); got \(Self.plain(number))"
            )
        }
        return number
    }

    /// A whole number in `range`, or nil when absent or null (`5.0` counts as 5).
    func integer(_ name: String, in range: ClosedRange<Int>) throws(ToolCallError) -> Int? {
        let whole: Int
        switch values[name] {
        case nil, .null?: return nil
        case .int(let value)?: whole = value
        case .double(let value)? where value.rounded() == value && abs(value) < 1e15: whole = Int(value)
        case let other?: throw ToolCallError("\"\(name)\" must be a whole number, not \(Self.describe(other))")
        }
        guard range.contains(whole) else {
            throw ToolCallError("\"\(name)\" must be from \(range.lowerBound) to \(range.upperBound); got \(whole)")
        }
        return whole
    }

    /// A boolean, or nil when absent or null.
    func flag(_ name: String) throws(ToolCallError) -> Bool? {
        switch values[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw ToolCallError("\"\(name)\" must be true or false, not \(Self.describe(other))")
        }
    }

    /// What a wrong value is, for an error message: its JSON type and a short excerpt.
    static func describe(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "the boolean \(flag)"
        case .int(let number): "the number \(number)"
        case .double(let number): "the number \(plain(number))"
        case .string(let text): "the string \"\(text.prefix(40))\(text.count > 40 ? "…" : "")\""
        case .data: "a data: URL"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func plain(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// A call the tool cannot run as asked: the message tells the calling model what to change.
struct ToolCallError: Error, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
