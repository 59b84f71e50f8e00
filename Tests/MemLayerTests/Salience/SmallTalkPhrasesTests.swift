import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The small-talk phrases are data (`models/salience/small_talk/*.txt`), not code.
@Suite("Small-talk word lists")
struct SmallTalkPhrasesTests {
    @Test("the shipped files load, cover plain small talk, and are what the rule stage uses")
    func shipped() throws {
        let shipped = try SmallTalkPhrases.load(
            from: MiniLMTestSupport.root.appendingPathComponent("models/salience/small_talk"))
        #expect(shipped == SmallTalkLexicon.shipped)
        #expect(shipped.phrases.contains("thanks") && shipped.phrases.contains("merci"))
        #expect(SmallTalkLexicon.covers(["thaaanks", "so", "much", "bye"]))
        #expect(!SmallTalkLexicon.covers(["thanks", "my", "boat", "is", "kestrel"]))
    }

    @Test("a folder's files are read together, folded, and a change to one changes the content hash")
    func folder() throws {
        let directory = try TemporaryDirectory()
        let english = directory.url.appendingPathComponent("en.txt")
        try "# comment\n[thanks]\nThank You\n".write(to: english, atomically: true, encoding: .utf8)
        try "[phrases]\ndanke\n".write(
            to: directory.url.appendingPathComponent("de.txt"), atomically: true, encoding: .utf8)
        let first = try SmallTalkPhrases.load(from: directory.url)
        #expect(first.phrases == ["thank you", "danke"])
        try "[thanks]\nthank you\ncheers\n".write(to: english, atomically: true, encoding: .utf8)
        let second = try SmallTalkPhrases.load(from: directory.url)
        #expect(second.contentHash != first.contentHash && second.contentHash.count == 64)
    }

    @Test("an empty folder is a clear error naming it")
    func empty() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: SalienceError.self) { try SmallTalkPhrases.load(from: directory.url) }
    }
}
