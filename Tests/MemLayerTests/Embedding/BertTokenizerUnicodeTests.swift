import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Checks ``BasicTokenizer`` against the reference normalizer and pre-tokenizer on every assigned
/// code point, block by block, through hashes in tokenizer_unicode_fixture.json.
@Suite("BertTokenizer Unicode coverage")
struct BertTokenizerUnicodeTests {
    struct Block: Decodable {
        let first: UInt32
        let words: Int
        let hash: String
    }

    struct Fixture: Decodable {
        let reference: String
        let blockSize: UInt32
        /// Planes whose every block is in the fixture; of the others only the first and last.
        let fullPlanes: [UInt32]
        let blocks: [Block]
    }

    @Test("the fixture covers every code point of the planes with assigned characters")
    func fixtureCoversUnicode() throws {
        let fixture = try Self.fixture()
        #expect(Set(fixture.fullPlanes).isSuperset(of: [0, 1, 2, 3, 14]))
        let blocksPerPlane = 0x10000 / Int(fixture.blockSize)
        let expected = fixture.fullPlanes.count * blocksPerPlane - 2 + (17 - fixture.fullPlanes.count) * 2
        #expect(fixture.blocks.count == expected)  // less the two surrogate blocks
    }

    // One case per plane, so that the planes run in parallel.
    @Test("every code point splits into the reference's words", arguments: 0..<17)
    func everyCodePoint(plane: UInt32) throws {
        let fixture = try Self.fixture()
        let tokenizer = BasicTokenizer()
        var mismatches: [String] = []
        for block in fixture.blocks where block.first >> 16 == plane {
            let scalars = (block.first..<block.first + fixture.blockSize).compactMap(Unicode.Scalar.init)
            let words = tokenizer.words(in: Self.text(scalars))
            let hash = Self.hash(words)
            if words.count != block.words || hash != block.hash {
                mismatches.append(
                    "U+\(String(block.first, radix: 16, uppercase: true)): \(words.count) words, hash \(hash); "
                        + "expected \(block.words) words, hash \(block.hash)")
            }
        }
        let summary =
            "\(mismatches.count) blocks of \(fixture.blockSize) code points differ from \(fixture.reference); "
            + "compare them with the generator's reference output:\n" + mismatches.prefix(8).joined(separator: "\n")
        #expect(mismatches.isEmpty, Comment(rawValue: summary))
    }

    static func fixture() throws -> Fixture {
        let data = try Data(contentsOf: TokenizerTestFiles.fixture("tokenizer_unicode_fixture.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// Each scalar in the contexts `sweep_item` of the generator puts it in, joined by spaces:
    /// between letters, between two marks NFD reorders, doubled and followed by marks.
    static func text(_ scalars: [Unicode.Scalar]) -> String {
        var text = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if index > 0 { text.append(" ") }
            text.append(contentsOf: [
                "a", scalar, "b", "\u{1D16D}", scalar, "\u{1D165}", " ", scalar, scalar, "\u{301}", "\u{1B44}",
            ])
        }
        return String(text)
    }

    /// FNV-1a (64-bit) over each word's scalar values, with 0xFFFFFFFF after every word.
    static func hash(_ words: [[UInt32]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for word in words {
            for value in word + [0xFFFF_FFFF] {
                hash = (hash ^ UInt64(value)) &* 0x0000_0100_0000_01b3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
