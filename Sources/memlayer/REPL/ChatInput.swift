import Foundation
import Synchronization

/// Reads what the user enters in `memlayer chat`: from the line editor on a terminal, or plain
/// lines when standard input is a file or a pipe (scripts keep working). Either way a message
/// of several lines is written between `"""` lines, and `/` commands are recognised.
///
/// Reading blocks, so it runs on a thread of its own: the extraction worker and the note
/// collector keep the cooperative threads while the user types.
final class ChatInput: Sendable {
    static let prompt = ">>> "
    static let continuationPrompt = "... "
    static let fence = "\"\"\""

    /// Nil reads plain lines.
    private let editor: Mutex<LineEditor?>
    private let notes: ChatNotes?

    /// Reads with `editor` (nil for plain lines), showing `notes` above the waiting prompt.
    init(editor: LineEditor?, notes: ChatNotes?) {
        self.editor = Mutex(editor)
        self.notes = notes
    }

    /// The next entry.
    func next() async -> ChatEntry {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.nextEntry()) }.start()
        }
    }

    private func nextEntry() -> ChatEntry {
        while true {
            switch readLine(prompt: Self.prompt) {
            case .endOfInput: return .end
            case .interrupted(let discarded): return .interrupted(hint: !discarded)
            case .line(let line):
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if text.hasPrefix(Self.fence) {
                    guard let message = readFenced(opening: text) else { return .interrupted(hint: false) }
                    if message.isEmpty { continue }
                    return .message(message)
                }
                if let command = ChatSlashCommand(line: text) { return .command(command) }
                return .message(text)
            }
        }
    }

    /// The message between `"""` and the next line that ends with `"""`; nil when Ctrl-C or the
    /// end of input cut it (nothing is sent).
    private func readFenced(opening: String) -> String? {
        var lines: [String] = []
        var line = String(opening.dropFirst(Self.fence.count))
        while true {
            let trimmed = String(line.reversed().drop(while: \.isWhitespace).reversed())
            if trimmed.hasSuffix(Self.fence) && !(lines.isEmpty && trimmed.isEmpty) {
                lines.append(String(trimmed.dropLast(Self.fence.count)))
                return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            lines.append(line)
            guard case .line(let next) = readLine(prompt: Self.continuationPrompt) else { return nil }
            line = next
        }
    }

    private func readLine(prompt: String) -> LineEditor.Outcome {
        editor.withLock { editor in
            guard editor != nil else {
                return Swift.readLine(strippingNewline: true).map(LineEditor.Outcome.line) ?? .endOfInput
            }
            return editor!.readLine(prompt: prompt) { self.notes?.take() ?? [] }
        }
    }
}
