import MemLayer
import Testing

@Suite("Salience rules")
struct SalienceRulesTests {
    let rules = SalienceRules()

    @Test(
        "small talk is skipped, whatever its case, spelling or language",
        arguments: [
            "hi", "Hello!", "thanks!", "Thank You So Much!!!", "thx", "Thaaanks", "ok cool", "OK COOL", "okkk cooool",
            "lol", "hahaha", "LMAO", "sounds good", "Sounds Good To Me", "bye", "see ya later", "Good Morning Everyone",
            "I'm Fine Thanks", "how are you?", "yes please", "no thanks, that's all", "I think so", "idk",
            "merci beaucoup", "gracias amigo", "hey there, how's it going", "got it 👍", "nvm",
        ])
    func smallTalk(text: String) throws {
        let verdict = try #require(rules.verdict(for: text), "\(text)")
        #expect(!verdict.isSalient)
        #expect(verdict.reason == "rule: small talk")
        #expect(verdict.score == -1)
    }

    @Test("nothing but emoji or punctuation is skipped", arguments: ["👍", "🎉🎉", "...", "?!", "", "   "])
    func symbolsOnly(text: String) throws {
        let verdict = try #require(rules.verdict(for: text))
        #expect(!verdict.isSalient && verdict.reason == "rule: empty or symbols only")
    }

    @Test(
        "clear personal facts are kept, with the category that matched",
        arguments: [
            ("My name is Dana", "name"),
            ("I work at Acme Corp as a tester", "work"),
            ("i live in lisbon now", "home"),
            ("my wife Priya is a teacher", "family"),
            ("I love hiking in the Alps", "preference"),
            ("I hate olives", "preference"),
            ("I'm allergic to peanuts", "health"),
            ("My birthday is June 3", "date"),
            ("the dentist appointment is on thursday at 2pm", "date"),
            ("remind me to call the plumber", "reminder"),
            ("Can you remind me to water the plants tomorrow?", "reminder"),
            ("I'm flying to Oslo next week", "date"),
            ("I'm planning to learn the piano", "plan"),
            ("I own a 2012 Subaru", "possession"),
            ("thanks! btw my sister is visiting next week", "family"),
            ("please always answer in Spanish", "standing instruction"),
            ("Ich wohne in Berlin", "home"),
            ("I'm Dana, nice to meet you", "self-introduction"),
            ("call me Sam", "self-introduction"),
        ])
    func facts(text: String, category: String) throws {
        let verdict = try #require(rules.verdict(for: text), "\(text)")
        #expect(verdict.isSalient)
        #expect(verdict.reason == "rule: \(category)", "\(text)")
        #expect(verdict.score == 1)
    }

    @Test(
        "questions about facts are not kept by the rules; the same facts stated are",
        arguments: [
            ("When is my birthday?", "My birthday is on the 3rd"),
            ("Where does my sister live?", "my sister lives in Leeds"),
            ("Do you know where I work?", "I work at the bakery on Main Street"),
            ("Can you remind me what my flight number is?", "remind me to check in for my flight"),
            ("what time is my dentist appointment tomorrow?", "my dentist appointment is tomorrow at 9"),
        ])
    func questionsVersusStatements(question: String, statement: String) throws {
        #expect(rules.verdict(for: question)?.isSalient != true, "\(question)")
        #expect(rules.verdict(for: statement)?.isSalient == true, "\(statement)")
    }

    @Test(
        "capitalised words are not names unless they stand where a name goes",
        arguments: [
            "New York Times says it might rain", "Met John Smith at the conference", "The Great Gatsby is a novel",
            "I Am Legend Is A Great Movie", "I'm Happy With It", "I'M DANA", "i'm dana",
            "Apple and Microsoft reported earnings",
        ])
    func capitalsAreNotNames(text: String) {
        #expect(rules.verdict(for: text)?.isSalient != true, "\(text)")
    }

    @Test(
        "reactions to the conversation are not preferences",
        arguments: ["I love that idea!", "I like this version better", "I love it", "I like the second option"])
    func reactions(text: String) {
        #expect(rules.verdict(for: text)?.isSalient != true, "\(text)")
    }

    @Test(
        "questions and requests about nothing personal are skipped",
        arguments: [
            "What's the capital of Australia?", "explain the difference between TCP and UDP",
            "Thanks! Can you explain recursion?", "The Beatles were from Liverpool, right?", "write a haiku",
        ])
    func impersonalAsks(text: String) throws {
        let verdict = try #require(rules.verdict(for: text), "\(text)")
        #expect(!verdict.isSalient)
        #expect(verdict.reason == "rule: question or request, nothing about the user")
    }

    @Test(
        "what the rules cannot settle is left to the scorer",
        arguments: [
            "I think the second option is better", "What's my wife's name?", "my budget is about $1200",
            "I was wondering how vaccines are tested",
        ])
    func undecided(text: String) {
        #expect(rules.verdict(for: text) == nil, "\(text)")
    }
}
