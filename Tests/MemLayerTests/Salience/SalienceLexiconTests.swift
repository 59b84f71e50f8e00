import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The rule stage's word lists and patterns are data (`models/salience/rules/*.txt`), not code.
@Suite("Salience rule files")
struct SalienceLexiconTests {
    static let shippedFolder = MiniLMTestSupport.root.appendingPathComponent("models/salience/rules")

    @Test("the shipped files load and are what the rules use; other languages join the English lists")
    func shipped() throws {
        let lexicon = try SalienceLexicon.load(from: Self.shippedFolder)
        #expect(lexicon.contentHash == SalienceLexicon.current.contentHash && lexicon.contentHash.count == 64)
        #expect(lexicon.requestVerbs.contains("explain") && !lexicon.requestVerbs.contains("explique"))
        #expect(lexicon.otherRequestVerbs.contains("explique") && !lexicon.otherRequestVerbs.contains("explain"))
        #expect(lexicon.factFirstPerson.isSuperset(of: ["i", "je", "ich", "yo", "eu"]))
        // A language's patterns are tried with the English ones of their category.
        let categories = lexicon.factPatterns.map(\.category)
        let names = categories.indices.filter { categories[$0] == "name" }
        #expect(names.count > 2 && names.last! - names.first! == names.count - 1)
        #expect(SalienceRules().verdict(for: "je m'appelle Claire")?.reason == "rule: name")
    }

    @Test("a change to one file changes the content hash; patterns use the fragments defined above them")
    func folder() throws {
        let directory = try TemporaryDirectory()
        let english = try String(contentsOf: Self.shippedFolder.appendingPathComponent("en.txt"), encoding: .utf8)
        try english.write(to: directory.url.appendingPathComponent("en.txt"), atomically: true, encoding: .utf8)
        let first = try SalienceLexicon.load(from: directory.url)
        try "[request_verbs]\nexplique\n\n[define verb]\nje m'appelle\n[pattern name]\n\\b{verb}\n".write(
            to: directory.url.appendingPathComponent("fr.txt"), atomically: true, encoding: .utf8)
        let second = try SalienceLexicon.load(from: directory.url)
        #expect(second.contentHash != first.contentHash)
        #expect(second.otherRequestVerbs == ["explique"] && first.otherRequestVerbs.isEmpty)
        #expect(second.factPatterns.contains { $0.expression.pattern == "\\bje m'appelle" })
    }

    @Test(
        "a malformed file is an error naming the file and line",
        arguments: [
            ("de.txt", "# lists\n[bogus_list]\nwort\n", "de.txt, line 2"),
            ("de.txt", "wort\n", "de.txt, line 1"),
            ("de.txt", "\n[capitalised_non_names]\nok\n", "de.txt, line 2"),
            ("de.txt", "[pattern name]\n\\b(?:ich\n", "de.txt, line 1"),
            ("de.txt", "[pattern name | sometimes]\nich\n", "de.txt, line 1"),
            ("de.txt", "[pattern name]\n{nowhere}\n", "de.txt, line 1"),
            ("de.txt", "\n\n[please]\n", "de.txt, line 3"),
        ])
    func malformed(file: String, text: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        let english = try String(contentsOf: Self.shippedFolder.appendingPathComponent("en.txt"), encoding: .utf8)
        try english.write(to: directory.url.appendingPathComponent("en.txt"), atomically: true, encoding: .utf8)
        try text.write(to: directory.url.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let error = #expect(throws: SalienceError.self) { try SalienceLexicon.load(from: directory.url) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("a folder without en.txt, or an en.txt without a list the rules need, is a clear error")
    func missing() throws {
        let directory = try TemporaryDirectory()
        try "[please]\nbitte\n".write(
            to: directory.url.appendingPathComponent("de.txt"), atomically: true, encoding: .utf8)
        let noEnglish = #expect(throws: SalienceError.self) { try SalienceLexicon.load(from: directory.url) }
        #expect(noEnglish?.message.contains("en.txt") == true)
        try "[request_verbs]\nwrite\n".write(
            to: directory.url.appendingPathComponent("en.txt"), atomically: true, encoding: .utf8)
        let incomplete = #expect(throws: SalienceError.self) { try SalienceLexicon.load(from: directory.url) }
        #expect(incomplete?.message.contains("is missing") == true)
    }
}
