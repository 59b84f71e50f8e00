import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("Full-text query building")
struct FullTextQueryTests {
    @Test("terms are quoted, OR-ed, lower-cased and deduplicated; long words match as prefixes")
    func expression() {
        let query = FullTextQuery("Where does my SISTER live? sister Porto 2024")
        #expect(query.terms == ["sister", "live", "porto", "2024"])
        #expect(query.expression == #""sister"* OR "live"* OR "porto"* OR "2024""#)
    }

    @Test("common words are dropped unless nothing else is left; single letters are dropped, digits kept")
    func stopWords() {
        #expect(FullTextQuery("what is the code for 7 a").terms == ["code", "7"])
        #expect(FullTextQuery("who are you").terms == ["who", "are", "you"])
        #expect(FullTextQuery("a b c").expression == nil)
        #expect(FullTextQuery("").expression == nil)
    }

    @Test("FTS5 syntax in the input becomes plain words or disappears")
    func syntax() {
        #expect(
            FullTextQuery(#"NEAR(dana AND "acme" -corp) OR x* ^col:umn"#).expression
                == #""near"* OR "dana"* OR "acme"* OR "corp"* OR "col" OR "umn""#)
        #expect(FullTextQuery(#"" * - ( ) : ^ + { }"#).expression == nil)
    }

    @Test("letters of any script count; at most 24 terms")
    func limits() {
        #expect(FullTextQuery("Café Müller 東京").terms == ["café", "müller", "東京"])
        let long = (1...40).map { "word\($0)" }.joined(separator: " ")
        #expect(FullTextQuery(long).terms.count == FullTextQuery.maximumTerms)
    }
}
