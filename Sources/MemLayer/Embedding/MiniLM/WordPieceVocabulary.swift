import Foundation

/// A WordPiece vocabulary (`vocab.txt`: one token per line, the line number is its id) and the
/// greedy longest-match-first segmentation BERT uses with it.
struct WordPieceVocabulary: Sendable {
    /// Marks a piece that continues a word rather than starting it.
    static let continuationPrefix = "##"
    /// Words with more scalars than this become the unknown token without being looked at,
    /// as in the reference (`max_input_chars_per_word`).
    static let maxScalarsPerWord = 100

    /// Every token, indexed by id.
    let tokens: [String]
    /// The id of `[UNK]`.
    let unknownID: Int32
    /// Tokens as they may start a word (all of them, looked up verbatim).
    private let wordStarts: ScalarSequenceTable
    /// Tokens that begin with `##`, keyed without the prefix.
    private let continuations: ScalarSequenceTable

    /// Reads the vocabulary at `url`.
    ///
    /// - Throws: ``EmbedderError`` of kind ``EmbedderError/Kind/modelFiles`` when the file is
    ///   missing, unreadable, not UTF-8 or lacks `[UNK]`.
    init(contentsOf url: URL) throws(EmbedderError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EmbedderError(
                .modelFiles,
                "The MiniLM vocabulary \(url.path) is missing; run models/fetch.sh to download the model files.")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EmbedderError(
                .modelFiles,
                "The MiniLM vocabulary \(url.path) could not be read (\(error.localizedDescription)); "
                    + "check its permissions or run models/fetch.sh to fetch it again.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EmbedderError(
                .modelFiles,
                "The MiniLM vocabulary \(url.path) is not valid UTF-8; run models/fetch.sh to fetch it again.")
        }
        try self.init(tokens: Self.lines(of: text), source: url.path)
    }

    /// Builds a vocabulary from `tokens`, whose indices are their ids.
    init(tokens: [String], source: String) throws(EmbedderError) {
        var wordStarts = ScalarSequenceTable(capacity: tokens.count)
        var continuations = ScalarSequenceTable(capacity: tokens.count)
        // Compared as scalars: as Characters, "##ि" starts with "#" and "#ि", not "##".
        let prefix = Self.continuationPrefix.unicodeScalars.map(\.value)
        for (id, token) in tokens.enumerated() {
            let scalars = token.unicodeScalars.map(\.value)
            wordStarts.insert(scalars, id: Int32(id))
            if scalars.starts(with: prefix) {
                continuations.insert(Array(scalars.dropFirst(prefix.count)), id: Int32(id))
            }
        }
        guard let unknownID = wordStarts.id(of: "[UNK]") else {
            throw EmbedderError(
                .modelFiles,
                "The MiniLM vocabulary \(source) has no [UNK] token; run models/fetch.sh to fetch it again.")
        }
        self.tokens = tokens
        self.unknownID = unknownID
        self.wordStarts = wordStarts
        self.continuations = continuations
    }

    /// The id of `token`, if the vocabulary holds it.
    func id(of token: String) -> Int32? {
        wordStarts.id(of: token)
    }

    /// Appends the ids of the pieces of `word` (normalized scalars), or the unknown id alone
    /// when the word is too long or some part of it matches no piece.
    func appendPieces(of word: UnsafeBufferPointer<UInt32>, to ids: inout [Int32]) {
        guard word.count <= Self.maxScalarsPerWord else {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        var start = 0
        while start < word.count {
            let match =
                start == 0
                ? Self.longestMatch(in: wordStarts, word, from: start)
                : Self.longestMatch(in: continuations, word, from: start)
            guard let (id, end) = match else {
                ids.removeSubrange(firstPiece...)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }

    /// The longest key of `table` that `word` has at `start`, with where it ends.
    @inline(__always)
    private static func longestMatch(
        in table: borrowing ScalarSequenceTable, _ word: UnsafeBufferPointer<UInt32>, from start: Int
    ) -> (id: Int32, end: Int)? {
        var end = min(word.count, start + table.longestKey)
        while end > start {
            if let id = table.id(of: UnsafeBufferPointer(rebasing: word[start..<end])) { return (id, end) }
            end -= 1
        }
        return nil
    }

    /// The lines of `text` as Python's `readlines()` in text mode returns them, without the
    /// line break: `\n`, `\r\n` and a lone `\r` all end a line.
    private static func lines(of text: String) -> [String] {
        var lines: [String] = []
        let utf8 = Array(text.utf8)
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(String(decoding: utf8[start..<index], as: UTF8.self))
                index += byte == 0x0D && index + 1 < utf8.count && utf8[index + 1] == 0x0A ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        if start < utf8.count { lines.append(String(decoding: utf8[start...], as: UTF8.self)) }
        return lines
    }
}
