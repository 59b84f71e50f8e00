import Foundation
import MemLayer
import Testing

@Suite("BertTokenizer")
struct BertTokenizerTests {
    /// One text of tokenizer_fixture.json with the reference's answer.
    struct Case: Decodable {
        let group: String
        let text: String
        let ids: [Int32]
        let tokens: [String]?
    }

    struct Fixture: Decodable {
        let reference: String
        let maxLength: Int
        let cases: [Case]
    }

    let tokenizer: BertTokenizer

    init() throws {
        tokenizer = try BertTokenizer(vocabularyURL: TokenizerTestFiles.vocabulary)
    }

    @Test("matches the Hugging Face reference on every fixture text")
    func matchesReferenceFixture() throws {
        let data = try Data(contentsOf: TokenizerTestFiles.fixture("tokenizer_fixture.json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        #expect(fixture.cases.count >= 300)

        var mismatches: [String] = []
        for (index, item) in fixture.cases.enumerated() {
            let ids = tokenizer.encode(item.text, maxLength: fixture.maxLength)
            if ids != item.ids {
                mismatches.append(
                    "#\(index) [\(item.group)] \(item.text.debugDescription.prefix(120))\n"
                        + "  expected \(item.ids.prefix(40))\n  got      \(ids.prefix(40))")
            }
            if let tokens = item.tokens, tokenizer.tokenize(item.text) != tokens {
                mismatches.append(
                    "#\(index) [\(item.group)] \(item.text.debugDescription.prefix(120))\n"
                        + "  expected \(tokens.prefix(40))\n  got      \(tokenizer.tokenize(item.text).prefix(40))")
            }
        }
        #expect(
            mismatches.isEmpty,
            Comment(
                rawValue: "\(mismatches.count) mismatches against \(fixture.reference); first ones:\n"
                    + mismatches.prefix(8).joined(separator: "\n")))
    }

    @Test("special token ids are BERT's")
    func specialIDs() {
        #expect(tokenizer.padID == 0)
        #expect(tokenizer.unkID == 100)
        #expect(tokenizer.clsID == 101)
        #expect(tokenizer.sepID == 102)
    }

    // Expectations written by hand from the reference, independent of the fixture.
    // ("unaffable" is "un ##aff ##able" in the BERT paper's vocabulary, but this vocabulary has
    // other pieces: Hugging Face gives "una ##ffa ##ble".)
    @Test(
        "known texts give the reference pieces",
        arguments: [
            ("unaffable", ["una", "##ffa", "##ble"]),
            ("Hello, World!", ["hello", ",", "world", "!"]),
            ("café", ["cafe"]),
            ("Straße", ["st", "##raße"]),
            ("İstanbul", ["istanbul"]),
            ("ΟΔΟΣ", ["ο", "##δ", "##ο", "##σ"]),  // the fast tokenizer has no final sigma
            ("東京", ["東", "京"]),
            ("안녕", ["ᄋ", "##ᅡ", "##ᆫ", "##ᄂ", "##ᅧ", "##ᆼ"]),
            ("दुनिया", ["द", "##न", "##ि", "##य", "##ा"]),  // "##ि" is not a Character prefix "##"
            ("a\u{A0}b\u{200B}c", ["a", "bc"]),
            ("hello [MASK] world", ["hello", "[MASK]", "world"]),
            ("[[SEP]]", ["[", "[SEP]", "]"]),
            (String(repeating: "x", count: 101), ["[UNK]"]),
            ("", []),
        ])
    func knownPieces(text: String, pieces: [String]) {
        #expect(tokenizer.tokenize(text) == pieces)
    }

    @Test("encode wraps pieces in [CLS] and [SEP]")
    func encodeWrapsPieces() {
        #expect(tokenizer.encode("Hello, World!") == [101, 7592, 1010, 2088, 999, 102])
        #expect(tokenizer.encode("") == [101, 102])
    }

    @Test("truncation keeps [CLS] first and [SEP] last", arguments: [2, 3, 16, 255, 256])
    func truncationKeepsSeparatorLast(maxLength: Int) {
        let text = String(repeating: "unaffable tokenization, ", count: 200)
        let ids = tokenizer.encode(text, maxLength: maxLength)
        #expect(ids.count == maxLength)
        #expect(ids.first == tokenizer.clsID)
        #expect(ids.last == tokenizer.sepID)
        #expect(!ids.dropFirst().dropLast().contains(tokenizer.sepID))
    }

    @Test("a truncated encoding is a prefix of the full one", arguments: [1, 2, 5, 40, 254])
    func truncationIsPrefix(pieceCount: Int) {
        let text =
            "Tiếng Việt 東京タワー, \u{1F600} [MASK] supercalifragilistic "
            + String(repeating: "naïve ", count: 300)
        let full = tokenizer.encode(text, maxLength: 100_000)
        #expect(full.count > 256)
        let expected = [tokenizer.clsID] + full.dropFirst().prefix(pieceCount) + [tokenizer.sepID]
        #expect(tokenizer.encode(text, maxLength: pieceCount + 2) == expected)
    }

    @Test("a missing vocabulary is a model-files error that names models/fetch.sh")
    func missingVocabulary() {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-dir/vocab.txt")
        #expect {
            _ = try BertTokenizer(vocabularyURL: missing)
        } throws: { error in
            guard let error = error as? EmbedderError else { return false }
            return error.kind == .modelFiles && error.message.contains("models/fetch.sh")
        }
    }

    @Test("vocabularies with CRLF line endings load; a missing special token is a model-files error")
    func vocabularyFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bert-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let complete = directory.appendingPathComponent("complete.txt")
        try Data("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\n##s\r\n".utf8).write(to: complete)
        let small = try BertTokenizer(vocabularyURL: complete)
        #expect(small.encode("Hellos world") == [2, 4, 5, 1, 3])

        let lacking = directory.appendingPathComponent("lacking.txt")
        try Data("[PAD]\n[UNK]\n[SEP]\n".utf8).write(to: lacking)
        #expect {
            _ = try BertTokenizer(vocabularyURL: lacking)
        } throws: { error in
            (error as? EmbedderError)?.kind == .modelFiles && "\(error)".contains("[CLS]")
        }
    }
}
