import Foundation
import MemLayer
import Testing

/// The rule stage on text that is not English: kept for the extraction model unless it is small
/// talk or an ask that says nothing about the user; English with foreign words stays English.
@Suite("Salience rules in other languages")
struct OtherLanguagesRulesTests {
    let rules = SalienceRules()

    @Test(
        "statements in other languages and scripts are kept for the extraction model",
        arguments: [
            "mon frère habite à Nantes", "ich arbeite seit drei Jahren bei Siemens", "vivo con mi abuela",
            "a minha irmã é médica", "ik ben vegetariër", "я люблю джаз", "明日は母の誕生日です", "我住在广州",
            "저는 고양이를 키워요", "أحب القهوة بدون سكر",
        ])
    func keptStatements(text: String) throws {
        let verdict = try #require(rules.verdict(for: text), "\(text)")
        #expect(verdict.isSalient, "\(text): \(verdict.reason)")
    }

    @Test(
        "small talk and impersonal asks in other languages are skipped",
        arguments: [
            "merci beaucoup !", "danke, bis morgen", "muchas gracias", "спасибо", "谢谢", "ありがとうございます",
            "quelle heure est-il à Montréal ?", "wie hoch ist der Mount Everest?", "¿cuál es la capital de Chile?",
            "東京の人口は？", "هل ستمطر غدا؟", "escribe un haiku sobre el otoño", "spiegami la relatività",
            "traduz isto para inglês, por favor", "bitte erklär mir Photosynthese",
        ])
    func skipped(text: String) throws {
        let verdict = try #require(rules.verdict(for: text), "\(text)")
        #expect(!verdict.isSalient, "\(text): \(verdict.reason)")
    }

    @Test("a question or request that mentions the user is kept")
    func personalAsks() throws {
        for text in ["peux-tu noter que je pars lundi ?", "erinnere mich, dass meine Tochter Fieber hat"] {
            #expect(try #require(rules.verdict(for: text)).isSalient, "\(text)")
        }
    }

    @Test(
        "English with foreign names or words is still judged as English",
        arguments: [
            "Mount Everest is 8,849 meters tall", "I met Jean-Luc de la Cruz at the café",
            "the restaurant is called La Casa del Sol", "we watched Das Boot last night",
        ])
    func englishStaysEnglish(text: String) {
        #expect(rules.verdict(for: text)?.reason.contains("not English") != true, "\(text)")
    }
}
