import Foundation

/// The uncased BERT WordPiece tokenizer of all-MiniLM-L6-v2, in pure Swift.
///
/// It reproduces, id for id, the Hugging Face fast tokenizer that sentence-transformers runs for
/// this model: special tokens written literally in the text (`[CLS]`, `[SEP]`, `[PAD]`,
/// `[UNK]`, `[MASK]`, case-sensitive) are kept whole; the rest is cleaned, CJK-isolated,
/// accent-stripped, lower-cased and split into words by `BasicTokenizer`; each word is cut into
/// the longest vocabulary pieces first, `##` marking pieces that continue a word, and becomes a
/// single `[UNK]` when it has more than 100 scalars or any part matches no piece.
///
/// Tokenizing is read-only, so one value can be shared by any number of tasks.
public struct BertTokenizer: Sendable {
    /// The longest input, in tokens including `[CLS]` and `[SEP]`, that all-MiniLM-L6-v2 uses.
    public static let defaultMaxLength = 256

    /// The id of `[CLS]`, which starts every encoded text.
    public let clsID: Int32
    /// The id of `[SEP]`, which ends every encoded text.
    public let sepID: Int32
    /// The id of `[PAD]`, for filling batches to one length.
    public let padID: Int32
    /// The id of `[UNK]`, which stands for any word the vocabulary cannot spell.
    public let unkID: Int32

    private let vocabulary: WordPieceVocabulary
    private let basicTokenizer = BasicTokenizer()
    /// Special tokens recognised verbatim in text, as UTF-8, with their ids.
    private let specialTokens: [(utf8: [UInt8], id: Int32)]

    /// Loads the vocabulary (`vocab.txt`) at `vocabularyURL`.
    ///
    /// - Throws: ``EmbedderError`` of kind ``EmbedderError/Kind/modelFiles`` when the file is
    ///   missing, unreadable, or lacks one of `[CLS]`, `[SEP]`, `[PAD]` and `[UNK]`.
    public init(vocabularyURL: URL) throws {
        let vocabulary = try WordPieceVocabulary(contentsOf: vocabularyURL)
        func id(_ token: String) throws(EmbedderError) -> Int32 {
            guard let id = vocabulary.id(of: token) else {
                throw EmbedderError(
                    .modelFiles,
                    "The MiniLM vocabulary \(vocabularyURL.path) has no \(token) token; "
                        + "run models/fetch.sh to fetch it again.")
            }
            return id
        }
        self.vocabulary = vocabulary
        clsID = try id("[CLS]")
        sepID = try id("[SEP]")
        padID = try id("[PAD]")
        unkID = vocabulary.unknownID
        specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary.id(of: token).map { (Array(token.utf8), $0) }
        }
    }

    /// The word pieces of `text`, without `[CLS]` and `[SEP]` and without truncation: for
    /// example `["hello", ",", "world", "##wide"]`.
    public func tokenize(_ text: String) -> [String] {
        pieceIDs(of: text, limit: .max).map { vocabulary.token(Int($0)) }
    }

    /// The model input ids of `text`: `[CLS]`, its pieces, `[SEP]`, with the pieces cut so the
    /// whole is at most `maxLength` ids long (`[SEP]` stays last), as Hugging Face does with
    /// `truncation=True, max_length=maxLength`.
    ///
    /// - Precondition: `maxLength >= 2`, room for the two special tokens.
    public func encode(_ text: String, maxLength: Int = defaultMaxLength) -> [Int32] {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        var ids: [Int32] = [clsID]
        ids.append(contentsOf: pieceIDs(of: text, limit: maxLength - 2))
        ids.append(sepID)
        return ids
    }

    /// The first `limit` piece ids of `text`; only as much text as they need is tokenized.
    private func pieceIDs(of text: String, limit: Int) -> [Int32] {
        var text = text
        var ids: [Int32] = []
        var words = BasicTokenizer.Words()
        text.withUTF8 { utf8 in
            // Every word yields at least one piece, so `limit` words are always enough.
            func appendPieces(_ start: Int, _ end: Int) {
                guard start < end, ids.count < limit else { return }
                basicTokenizer.split(
                    UnsafeBufferPointer(rebasing: utf8[start..<end]), into: &words, wordLimit: limit - ids.count)
                words.forEachWord { vocabulary.appendPieces(of: $0, to: &ids) }
                words.removeAll()
            }
            var segmentStart = 0
            var index = 0
            while index < utf8.count, ids.count < limit {
                // Special tokens all start with "[", so most bytes are skipped at once.
                guard utf8[index] == UInt8(ascii: "["), let special = specialToken(in: utf8, at: index) else {
                    index += 1
                    continue
                }
                appendPieces(segmentStart, index)
                ids.append(special.id)
                index += special.length
                segmentStart = index
            }
            appendPieces(segmentStart, utf8.count)
        }
        if ids.count > limit { ids.removeSubrange(limit...) }
        return ids
    }

    /// The special token written at `index` of `utf8`, if any.
    private func specialToken(in utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (id: Int32, length: Int)? {
        for token in specialTokens where utf8.count - index >= token.utf8.count {
            if utf8[index..<index + token.utf8.count].elementsEqual(token.utf8) {
                return (token.id, token.utf8.count)
            }
        }
        return nil
    }
}
