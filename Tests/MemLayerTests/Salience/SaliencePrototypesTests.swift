import Foundation
import MemLayer
import Testing

@Suite("Salience prototype sets")
struct SaliencePrototypesTests {
    @Test("one sentence per line; blank lines and # comments are skipped, spacing is normalised")
    func parsing() throws {
        let folder = try PrototypeFolder(
            salient: ["# header", "", "  I live in   Oslo. ", "My son is 4."], nonSalient: ["Hi!", "# note"])
        let prototypes = try folder.load()
        #expect(prototypes.salient == ["I live in Oslo.", "My son is 4."])
        #expect(prototypes.nonSalient == ["Hi!"])
    }

    @Test("the hash depends on the sentences, their order and their label")
    func hash() throws {
        let base = try SaliencePrototypes(salient: ["a", "b"], nonSalient: ["c"])
        #expect(base.setHash.count == 64 && base.setHash.allSatisfy(\.isHexDigit))
        #expect(try SaliencePrototypes(salient: ["a", "b"], nonSalient: ["c"]).setHash == base.setHash)
        #expect(try SaliencePrototypes(salient: ["b", "a"], nonSalient: ["c"]).setHash != base.setHash)
        #expect(try SaliencePrototypes(salient: ["a"], nonSalient: ["b", "c"]).setHash != base.setHash)
        #expect(try SaliencePrototypes(salient: ["a", "b"], nonSalient: ["c."]).setHash != base.setHash)
    }

    @Test("missing files name the folder; an empty set is refused")
    func errors() throws {
        let empty = try TemporaryDirectory()
        let missing = #expect(throws: SalienceError.self) { _ = try SaliencePrototypes.load(from: empty.url) }
        #expect(missing?.kind == .prototypeFiles)
        #expect(missing?.message.contains(empty.url.path) == true)

        let folder = try PrototypeFolder(salient: ["# only a comment"], nonSalient: ["Hi"])
        let blank = #expect(throws: SalienceError.self) { _ = try folder.load() }
        #expect(blank?.message.contains("salient.txt") == true)
        #expect(throws: SalienceError.self) { _ = try SaliencePrototypes(salient: [" "], nonSalient: ["x"]) }
    }

    @Test("the shipped sets are found in the repository's models/salience and are disjoint from the test sets")
    func shipped() throws {
        let shipped = try SalienceLabelledSet.prototypes()
        if ProcessInfo.processInfo.environment["MEMLAYER_MODELS"] == nil {
            #expect(try SaliencePrototypes.load() == shipped)
        }
        let labelled = Set(
            try (SalienceLabelledSet.load() + SalienceLabelledSet.load(SalienceLabelledSet.heldOut))
                .map { $0.text.lowercased() })
        let prototypes = Set((shipped.salient + shipped.nonSalient).map { $0.lowercased() })
        #expect(labelled.isDisjoint(with: prototypes))
    }
}
