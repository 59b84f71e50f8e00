import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

@Suite("Entity mentions")
struct EntityMentionsTests {
    let mentions = EntityMentions([
        (entity: "al", spelling: "al"), (entity: "acme corp", spelling: "acme corp"),
        (entity: "robert smith", spelling: "robert smith"), (entity: "robert smith", spelling: "Bobby"),
        (entity: "c++", spelling: "c++"), (entity: "o'brien", spelling: "o'brien"),
        (entity: "bank of the west", spelling: "bank of the west"),
    ])

    @Test("whole words only, whatever the case")
    func wholeWords() {
        #expect(mentions.entities(in: "I also went to Alabama") == [])
        #expect(mentions.entities(in: "AL said hi") == ["al"])
        #expect(mentions.entities(in: "She works at ACME Corp.") == ["acme corp"])
        #expect(mentions.entities(in: "acme corporation") == [])
    }

    @Test("aliases, possessives, punctuation and multi-word names")
    func spellings() {
        #expect(mentions.entities(in: "bobby's car, (Robert Smith)") == ["robert smith"])
        #expect(
            mentions.entities(in: "Writes C++ with O'Brien at the Bank of the West") == [
                "c++", "o'brien", "bank of the west",
            ])
        #expect(mentions.entities(in: "Porto,Al;acme corp!") == ["al", "acme corp"])
    }
}
