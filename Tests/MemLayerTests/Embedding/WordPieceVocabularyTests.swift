import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Reading `vocab.txt` into the flat token pool and the two lookup tables.
@Suite("WordPiece vocabulary")
struct WordPieceVocabularyTests {
    @Test("vocabulary lines end as Python's readlines() ends them: \\n, \\r\\n or a lone \\r")
    func vocabularyLines() throws {
        let cases: [(String, [String])] = [
            ("a\r\nb\rc\n\nd", ["a", "b", "c", "", "d"]),
            ("[UNK]\n", ["[UNK]"]),
            ("x\r\r\ny\n\r", ["x", "", "y", ""]),
            ("é##ि\n##ि", ["é##ि", "##ि"]),
        ]
        for (text, lines) in cases {
            let vocabulary = try WordPieceVocabulary(text: "[UNK]\n" + text, source: "test")
            #expect((1..<vocabulary.count).map { vocabulary.token($0) } == lines, "\(text.debugDescription)")
            let built = try WordPieceVocabulary(tokens: ["[UNK]"] + lines, source: "test")
            #expect(built.count == vocabulary.count)
        }
        let pieces = try WordPieceVocabulary(text: "[UNK]\nplay\n##ing\n##ि", source: "test")
        var ids: [Int32] = []
        let word: [UInt32] = "playing".unicodeScalars.map(\.value)
        word.withUnsafeBufferPointer { pieces.appendPieces(of: $0, to: &ids) }
        #expect(ids == [1, 2])
    }
}
