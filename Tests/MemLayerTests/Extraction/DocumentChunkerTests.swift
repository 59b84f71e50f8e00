import Foundation
import MemLayer
import Testing

@Suite("Document chunking")
struct DocumentChunkerTests {
    @Test("short paragraphs pack together; no chunk passes the limit; no word is lost")
    func packing() {
        let paragraph = "Dana moved to Porto in 2019. She works at a bakery. Her dog is called Biscuit."
        let text = Array(repeating: paragraph, count: 30).joined(separator: "\n\n  \n")
        let chunker = DocumentChunker(maxCharacters: 400)
        let chunks = chunker.chunks(text)
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.count <= 400 })
        #expect(chunks[0].hasPrefix(paragraph + "\n\n" + paragraph))
        let words = { (s: String) in s.split(whereSeparator: \.isWhitespace) }
        #expect(chunks.flatMap(words) == words(text))
    }

    @Test("a long paragraph splits between sentences, a long sentence between words, a long word anywhere")
    func splitting() {
        let chunker = DocumentChunker(maxCharacters: 100)
        let sentence = "This sentence has exactly sixty characters in it, I promise."
        let chunks = chunker.chunks(Array(repeating: sentence, count: 5).joined(separator: " "))
        #expect(chunks == Array(repeating: sentence, count: 5))
        let long = Array(repeating: "word", count: 60).joined(separator: " ")
        #expect(chunker.chunks(long).allSatisfy { $0.count <= 100 && !$0.hasPrefix(" ") })
        #expect(chunker.chunks(String(repeating: "x", count: 250)).map(\.count) == [100, 100, 50])
    }

    @Test("white space only is no chunk at all")
    func empty() {
        #expect(DocumentChunker().chunks(" \n\n \t ").isEmpty)
    }
}
