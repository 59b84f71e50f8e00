import Foundation

/// A WordPiece vocabulary (`vocab.txt`: one token per line, the line number is its id) and the
/// greedy longest-match-first segmentation BERT uses with it.
struct WordPieceVocabulary: Sendable {
    /// Marks a piece that continues a word rather than starting it.
    static let continuationPrefix = "##"
    /// Words with more scalars than this become the unknown token without being looked at,
    /// as in the reference (`max_input_chars_per_word`).
    static let maxScalarsPerWord = 100

    /// Every token's scalars, one after another; token `id` is
    /// `scalars[tokenStarts[id]..<tokenStarts[id + 1]]`. Kept flat rather than as 30,522
    /// `String`s, which took most of the tokenizer's load time at each start.
    private let scalars: [UInt32]
    private let tokenStarts: [Int32]
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
        try self.init(text: text, source: url.path)
    }

    /// Builds a vocabulary from `tokens`, whose indices are their ids.
    init(tokens: [String], source: String) throws(EmbedderError) {
        var scalars: [UInt32] = []
        var starts: [Int32] = [0]
        for token in tokens {
            scalars.append(contentsOf: token.unicodeScalars.map(\.value))
            starts.append(Int32(scalars.count))
        }
        try self.init(scalars: scalars, tokenStarts: starts, source: source)
    }

    /// Builds a vocabulary from the text of `vocab.txt`: one token per line, as Python's
    /// `readlines()` in text mode reads it (`\n`, `\r\n` and a lone `\r` all end a line; a
    /// last line without a break counts, an empty remainder does not).
    init(text: String, source: String) throws(EmbedderError) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count)
        var starts: [Int32] = [0]
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { afterCarriageReturn = value == 0x0D }
            if value == 0x0A && afterCarriageReturn { continue }  // the \n of \r\n ends nothing more
            if value == 0x0A || value == 0x0D {
                starts.append(Int32(scalars.count))
            } else {
                scalars.append(value)
            }
        }
        if let last = starts.last, Int(last) < scalars.count { starts.append(Int32(scalars.count)) }
        try self.init(scalars: scalars, tokenStarts: starts, source: source)
    }

    private init(scalars: [UInt32], tokenStarts: [Int32], source: String) throws(EmbedderError) {
        let count = tokenStarts.count - 1
        var wordStarts = ScalarSequenceTable(capacity: count)
        var continuations = ScalarSequenceTable(capacity: count)
        // Compared as scalars: as Characters, "##ि" starts with "#" and "#ि", not "##".
        let hash = UInt32(UInt8(ascii: "#"))
        scalars.withUnsafeBufferPointer { pool in
            for id in 0..<count {
                let token = UnsafeBufferPointer(rebasing: pool[Int(tokenStarts[id])..<Int(tokenStarts[id + 1])])
                wordStarts.insert(token, id: Int32(id))
                if token.count >= 2, token[0] == hash, token[1] == hash {
                    continuations.insert(UnsafeBufferPointer(rebasing: token[2...]), id: Int32(id))
                }
            }
        }
        guard let unknownID = wordStarts.id(of: "[UNK]") else {
            throw EmbedderError(
                .modelFiles,
                "The MiniLM vocabulary \(source) has no [UNK] token; run models/fetch.sh to fetch it again.")
        }
        self.scalars = scalars
        self.tokenStarts = tokenStarts
        self.unknownID = unknownID
        self.wordStarts = wordStarts
        self.continuations = continuations
    }

    /// How many tokens the vocabulary has.
    var count: Int { tokenStarts.count - 1 }

    /// The token with id `id` (0..<count).
    func token(_ id: Int) -> String {
        var text = String.UnicodeScalarView()
        for value in scalars[Int(tokenStarts[id])..<Int(tokenStarts[id + 1])] {
            if let scalar = Unicode.Scalar(value) { text.append(scalar) }
        }
        return String(text)
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
}
