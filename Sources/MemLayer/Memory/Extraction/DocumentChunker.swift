import Foundation

/// Splits a document into pieces small enough for one extraction call and one embedding.
///
/// Paragraphs (blank-line separated) are packed together up to ``maxCharacters``; a longer
/// paragraph is split between sentences, and a longer sentence between words. No text is dropped
/// except surrounding white space.
public struct DocumentChunker: Sendable {
    /// The longest chunk. The default (~300 tokens) keeps a chunk within MiniLM's 256-word-piece
    /// window for most prose and gives the model one focused passage per call.
    public var maxCharacters: Int

    /// Creates a chunker; `maxCharacters` must be at least 100.
    public init(maxCharacters: Int = 1_200) {
        precondition(maxCharacters >= 100, "chunks shorter than 100 characters lose their context")
        self.maxCharacters = maxCharacters
    }

    /// The chunks of `text`, in order.
    public func chunks(_ text: String) -> [String] {
        var chunks: [String] = []
        var current = ""
        func add(_ piece: String, separator: String) {
            if current.isEmpty {
                current = piece
            } else if current.count + separator.count + piece.count <= maxCharacters {
                current += separator + piece
            } else {
                chunks.append(current)
                current = piece
            }
        }
        for paragraph in paragraphs(text) {
            if paragraph.count <= maxCharacters {
                add(paragraph, separator: "\n\n")
                continue
            }
            for sentence in sentences(paragraph) {
                if sentence.count <= maxCharacters {
                    add(sentence, separator: " ")
                } else {
                    for piece in words(sentence) { add(piece, separator: " ") }
                }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    private func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var lines: [Substring] = []
        func close() {
            let paragraph = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !paragraph.isEmpty { result.append(paragraph) }
            lines.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) { close() } else { lines.append(line) }
        }
        close()
        return result
    }

    /// Sentences end at `.`, `!` or `?` followed by white space.
    private func sentences(_ paragraph: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character?
        for character in paragraph {
            if character.isWhitespace, let previous, ".!?".contains(previous) {
                let sentence = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !sentence.isEmpty { result.append(sentence) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { result.append(last) }
        return result
    }

    /// Runs of words of at most ``maxCharacters`` (a single longer "word" is cut).
    private func words(_ sentence: String) -> [String] {
        var result: [String] = []
        var current = ""
        for word in sentence.split(whereSeparator: \.isWhitespace) {
            var word = Substring(word)
            while word.count > maxCharacters {
                if !current.isEmpty {
                    result.append(current)
                    current = ""
                }
                result.append(String(word.prefix(maxCharacters)))
                word = word.dropFirst(maxCharacters)
            }
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= maxCharacters {
                current += " " + word
            } else {
                result.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
