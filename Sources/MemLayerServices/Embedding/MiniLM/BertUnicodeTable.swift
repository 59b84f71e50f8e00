/// What the reference BERT normalizer and pre-tokenizer do with each code point.
///
/// The reference is Hugging Face `tokenizers`' `BertNormalizer` (text cleaning, CJK isolation,
/// NFD with non-spacing marks stripped, lower-casing) followed by its `BertPreTokenizer`
/// (whitespace and punctuation splitting), which sentence-transformers runs for
/// all-MiniLM-L6-v2. Their character classes come from old, frozen Unicode tables that differ
/// from Swift's (unassigned and private-use code points, about a thousand marks, punctuation and
/// format characters added since, a typo in one CJK range), so the answers are frozen per code
/// point in `BertUnicodeTable+Data.swift` by `scripts/generate_bert_unicode_table.py` instead of
/// being derived from `Unicode.Scalar.Properties`.
struct BertUnicodeTable: Sendable {
    /// What normalization turns a code point into.
    enum Kind: UInt8 {
        /// The code point itself.
        case keep = 0
        /// Other scalars (lower-cased, accents stripped), listed in the table's mappings.
        case map = 1
        /// Nothing: a control or format character, or a stripped mark inside a run of marks.
        case delete = 2
        /// Nothing, but as a stripped mark of combining class 0 it ends a run of marks that NFD
        /// would otherwise reorder.
        case deleteEndingRun = 3
        /// A word boundary (whitespace).
        case space = 4
        /// Its conjoining jamo: a precomposed Hangul syllable, decomposed algorithmically.
        case hangul = 5
    }

    /// Everything the table knows about one code point.
    struct Properties {
        /// What normalization turns the code point into.
        let kind: Kind
        /// Whether it is a CJK ideograph that becomes a word of its own.
        let isIsolated: Bool
        /// Whether the pre-tokenizer splits it off as a word of its own.
        let isPunctuation: Bool
        /// The canonical combining class NFD orders it by, for marks that survive normalization.
        let combiningClass: UInt8
        /// For ``Kind/map``, the index of its mapping.
        let mappingIndex: Int
    }

    private static let isolatedFlag: UInt32 = 0x08
    private static let punctuationFlag: UInt32 = 0x10

    private let starts: [UInt32]
    private let infos: [UInt32]
    private let offsets: [UInt16]
    private let scalars: [UInt32]

    /// The one table; building it copies the generated arrays once.
    static let shared = BertUnicodeTable()

    private init() {
        starts = Self.rangeStarts
        infos = Self.rangeInfos
        offsets = Self.mappingOffsets
        scalars = Self.mappingScalars
        precondition(starts.count == infos.count && starts.first == 0, "BertUnicodeTable data is malformed")
    }

    /// The properties of the code point `scalar`.
    @inline(__always)
    func properties(of scalar: UInt32) -> Properties {
        // Binary search for the last range starting at or before `scalar`.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) >> 1
            if starts[middle] <= scalar { low = middle } else { high = middle }
        }
        let info = infos[low]
        let kind = Kind(rawValue: UInt8(truncatingIfNeeded: info & 0x07)) ?? .keep
        return Properties(
            kind: kind,
            isIsolated: info & Self.isolatedFlag != 0,
            isPunctuation: info & Self.punctuationFlag != 0,
            combiningClass: UInt8(truncatingIfNeeded: info >> 8),
            mappingIndex: kind == .map ? Int(info >> 16) + Int(scalar - starts[low]) : 0)
    }

    /// The scalars mapping `index` normalizes to.
    @inline(__always)
    func mapping(_ index: Int) -> ArraySlice<UInt32> {
        scalars[Int(offsets[index])..<Int(offsets[index + 1])]
    }
}
