/// BERT's basic tokenizer: normalizes text and splits it into the words WordPiece then cuts up.
///
/// It reproduces the reference `BertNormalizer` (drop control and format characters, map
/// whitespace to spaces, isolate CJK ideographs, NFD, strip non-spacing marks, lower-case one
/// code point at a time) and `BertPreTokenizer` (split on whitespace, split off each
/// punctuation character) as sentence-transformers runs them for all-MiniLM-L6-v2. All per-code
/// point decisions come from ``BertUnicodeTable``; this type only walks the text.
///
/// It works on UTF-8 bytes and scalar values, never on `Character`s or per-character `String`s,
/// because it runs on every memory write and search.
struct BasicTokenizer: Sendable {
    private let table = BertUnicodeTable.shared
    /// For each ASCII byte: the scalar to append as a plain letter, or a code from below.
    private let asciiActions: [UInt16]

    private static let deleteAction: UInt16 = 0x100
    private static let spaceAction: UInt16 = 0x200
    private static let punctuationAction: UInt16 = 0x300
    private static let generalAction: UInt16 = 0x400

    /// Creates the tokenizer, caching the table's answers for ASCII.
    init() {
        let table = self.table
        asciiActions = (0..<128).map { value -> UInt16 in
            let properties = table.properties(of: UInt32(value))
            var output = UInt32(value)
            switch properties.kind {
            case .delete: return Self.deleteAction
            case .space: return Self.spaceAction
            case .keep where !properties.isIsolated: break
            case .map where !properties.isIsolated:
                let mapping = table.mapping(properties.mappingIndex)
                guard mapping.count == 1, let only = mapping.first, only < 0x80 else { return Self.generalAction }
                output = only
            default: return Self.generalAction
            }
            let outputProperties = table.properties(of: output)
            guard outputProperties.combiningClass == 0 else { return Self.generalAction }
            return outputProperties.isPunctuation ? Self.punctuationAction | UInt16(output) : UInt16(output)
        }
    }

    /// Appends the words of `utf8` (valid UTF-8, as every Swift string is) to `words`,
    /// stopping early once `words` holds `wordLimit` complete words.
    func split(_ utf8: UnsafeBufferPointer<UInt8>, into words: inout Words, wordLimit: Int = .max) {
        var index = 0
        let count = utf8.count
        while index < count {
            if words.count >= wordLimit { return }
            let lead = utf8[index]
            if lead < 0x80 {
                index += 1
                let action = asciiActions[Int(lead)]
                if action < 0x80 {
                    words.appendStarter(UInt32(action))
                    continue
                }
                switch action & 0xFF00 {
                case Self.deleteAction: break
                case Self.spaceAction: words.endWord()
                case Self.punctuationAction: words.appendPunctuation(UInt32(action & 0xFF))
                default: normalize(UInt32(lead), into: &words)
                }
                continue
            }
            // Multi-byte sequence; the input is valid UTF-8, so no checks are needed.
            let scalar: UInt32
            if lead < 0xE0 {
                scalar = UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                index += 2
            } else if lead < 0xF0 {
                scalar =
                    UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6
                    | UInt32(utf8[index + 2] & 0x3F)
                index += 3
            } else {
                scalar =
                    UInt32(lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12
                    | UInt32(utf8[index + 2] & 0x3F) << 6 | UInt32(utf8[index + 3] & 0x3F)
                index += 4
            }
            normalize(scalar, into: &words)
        }
        words.endWord()
    }

    /// The words of `text`, each as its scalar values; for tests and diagnostics.
    func words(in text: String) -> [[UInt32]] {
        var text = text
        var words = Words()
        text.withUTF8 { split($0, into: &words) }
        return (0..<words.count).map { Array(words[$0]) }
    }

    private func normalize(_ scalar: UInt32, into words: inout Words) {
        let properties = table.properties(of: scalar)
        switch properties.kind {
        case .delete:
            return
        case .deleteEndingRun:
            words.endRun()
        case .space:
            words.endWord()
        case .keep:
            if properties.isIsolated { words.endWord() }
            append(scalar, properties, to: &words)
            if properties.isIsolated { words.endWord() }
        case .map:
            if properties.isIsolated { words.endWord() }
            for output in table.mapping(properties.mappingIndex) {
                append(output, table.properties(of: output), to: &words)
            }
            if properties.isIsolated { words.endWord() }
        case .hangul:
            // Unicode's algorithmic decomposition of precomposed syllables (chapter 3.12).
            let syllable = scalar - 0xAC00
            let lead = 0x1100 + syllable / 588
            let vowel = 0x1161 + (syllable % 588) / 28
            let tail = syllable % 28
            append(lead, table.properties(of: lead), to: &words)
            append(vowel, table.properties(of: vowel), to: &words)
            if tail != 0 { append(0x11A7 + tail, table.properties(of: 0x11A7 + tail), to: &words) }
        }
    }

    @inline(__always)
    private func append(_ scalar: UInt32, _ properties: BertUnicodeTable.Properties, to words: inout Words) {
        if properties.isPunctuation {
            words.appendPunctuation(scalar)
        } else if properties.combiningClass == 0 {
            words.appendStarter(scalar)
        } else {
            words.appendMark(scalar, combiningClass: properties.combiningClass) {
                table.properties(of: $0).combiningClass
            }
        }
    }
}
