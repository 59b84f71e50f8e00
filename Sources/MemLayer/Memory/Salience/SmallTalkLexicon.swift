/// Greetings, thanks, acknowledgements, fillers and farewells: a text made only of these says
/// nothing worth remembering.
///
/// Words are compared in a folded form — lower-cased, apostrophes dropped, repeated letters
/// collapsed — so `Thaaanks!!`, `thnx`, `OK COOL` and `sooo good` match their plain spellings.
/// A text is small talk when its words can be cut, left to right, into phrases of the lexicon
/// (`ok cool thanks` = `ok` + `cool` + `thanks`); one word outside it (`ok cool, my flight…`)
/// and it is not.
enum SmallTalkLexicon {
    /// True when every word of `words` (lower-cased) is covered by phrases of the lexicon.
    static func covers(_ words: [String]) -> Bool {
        let folded = words.map(fold).filter { !$0.isEmpty }
        guard !folded.isEmpty else { return true }
        var reachable = [Bool](repeating: false, count: folded.count + 1)
        reachable[0] = true
        for start in 0..<folded.count where reachable[start] {
            if isLaughter(folded[start]) { reachable[start + 1] = true }
            for length in 1...min(maximumPhraseLength, folded.count - start)
            where phrases.contains(folded[start..<(start + length)].joined(separator: " ")) {
                reachable[start + length] = true
            }
        }
        return reachable[folded.count]
    }

    /// Lower-cased, apostrophes and dots dropped, runs of one letter collapsed (`thaaanks` → `thanks`).
    static func fold(_ word: String) -> String {
        var result = ""
        for character in word.lowercased() where character != "'" && character != "." {
            if character.isLetter, result.last == character { continue }
            result.append(character)
        }
        return result
    }

    /// `haha`, `hehe`, `ahah`, `lol`, `lolol`, `xd` (already folded).
    private static func isLaughter(_ word: String) -> Bool {
        if word == "xd" || word == "lmao" || word == "lmfao" || word == "rofl" { return true }
        if word.count >= 3, word.hasPrefix("l"), word.hasSuffix("l"), word.allSatisfy({ $0 == "l" || $0 == "o" }) {
            return true
        }
        return word.count >= 3 && word.contains("h") && word.allSatisfy { "hae".contains($0) }
    }

    private static let maximumPhraseLength = 5

    private static let phrases: Set<String> = Set(
        (greetings + wellbeing + thanks + acknowledgements + reactions + farewells + glue + otherLanguages).map {
            phrase in
            phrase.split(separator: " ").map { fold(String($0)) }.joined(separator: " ")
        })

    private static let greetings = [
        "hi", "hello", "hey", "heya", "hiya", "yo", "sup", "wassup", "whats up", "howdy", "greetings",
        "good morning", "good afternoon", "good evening", "morning", "evening", "gm", "hi there", "hey there",
        "hello there", "hola", "buenos dias", "buenos días", "buenas", "buenas tardes", "bonjour", "bonsoir", "salut",
        "ciao", "hallo", "guten morgen", "guten tag", "moin", "namaste", "olá", "ola", "oi", "hej",
    ]

    private static let wellbeing = [
        "how are you", "how r u", "how are u", "how are you doing", "how are things", "hows it going",
        "how is it going", "hows your day", "how was your day", "how have you been", "whats new", "im good",
        "im fine", "im ok", "im okay", "im great", "im alright", "im well", "doing well", "doing good", "not bad",
        "not much", "all good", "pretty good", "and you", "how about you", "what about you", "you too",
        "same to you", "same here", "thanks for asking", "ça va", "ca va", "qué tal", "que tal", "wie gehts",
    ]

    private static let thanks = [
        "thanks", "thank you", "thank u", "thx", "thnx", "thnks", "thanx", "tnx", "ty", "tysm", "tyvm", "cheers",
        "many thanks", "much appreciated", "appreciate it", "i appreciate it", "appreciated", "that helps",
        "that helped", "that was helpful", "helpful", "merci", "merci beaucoup", "gracias", "muchas gracias",
        "danke", "danke schön", "danke schon", "vielen dank", "grazie", "grazie mille", "obrigado", "obrigada",
        "arigato", "arigatou", "dziękuję", "tack",
    ]

    private static let acknowledgements = [
        "ok", "okay", "okey", "okie", "oki", "k", "alright", "all right", "aight", "sure", "sure thing",
        "of course", "yes", "yeah", "yea", "yep", "yup", "ya", "ye", "yes please", "no", "nope", "nah",
        "no thanks", "no thank you", "not really", "maybe", "perhaps", "i guess", "i guess so", "i think so",
        "i dont think so", "i suppose", "i suppose so", "probably", "right", "true", "exactly", "indeed",
        "correct", "agreed", "i agree", "fair enough", "fair", "got it", "gotcha", "i see", "i get it",
        "understood", "noted", "makes sense", "that makes sense", "good point", "good to know", "will do", "on it",
        "go on", "go ahead", "continue", "keep going", "tell me more", "please", "pls", "plz", "np",
        "no problem", "no worries", "youre welcome", "de nada", "my pleasure", "never mind", "nevermind",
        "nvm", "forget it", "doesnt matter", "whatever", "idk", "i dont know", "dunno", "no idea", "not sure",
        "im not sure", "sounds good", "sounds great", "sounds like a plan", "that works", "works for me",
        "thats fine", "thats it", "thats all", "thats right", "thats true", "oui", "si", "sí", "ja", "nein",
        "non", "vale", "claro", "bueno", "daccord", "genau", "bien", "très bien", "muy bien", "va bene",
    ]

    private static let reactions = [
        "nice", "cool", "awesome", "great", "good", "fine", "perfect", "wonderful", "excellent", "amazing",
        "neat", "sweet", "lovely", "fantastic", "brilliant", "super", "wow", "oh", "ah", "aha", "ooh", "huh",
        "hm", "um", "uh", "er", "well", "interesting", "omg", "oh my god", "oops", "whoops", "my bad", "sorry",
        "oh no", "damn", "ugh", "meh", "yay", "woohoo", "nice one", "good job", "well done", "great job",
        "love it", "i love it", "i like it", "like it", "love that", "i love that", "i like that", "thats great",
        "thats cool", "thats awesome", "thats nice", "thats amazing", "thats funny", "thats hilarious", "funny",
        "hilarious", "wait what", "what", "really", "seriously", "no way", "for real", "i know right", "tru",
    ]

    private static let farewells = [
        "bye", "bye bye", "goodbye", "good bye", "see you", "see ya", "see you later", "see you soon",
        "see you tomorrow", "later", "talk later", "talk to you later", "talk soon", "ttyl", "cya", "take care",
        "have a good day", "have a nice day", "have a good one", "have a great day", "good night", "night",
        "gn", "nighty night", "sleep well", "adios", "adiós", "au revoir", "à plus", "tschüss", "tschuss",
        "hasta luego", "hasta mañana", "gute nacht", "bonne nuit", "buenas noches", "gotta go", "i gotta go",
        "i have to go", "brb", "afk", "for now", "bye for now", "thats all for now",
    ]

    /// The same kinds of phrase in the languages the rule stage keeps text in (see OtherLanguages):
    /// French, German, Spanish, Portuguese, Italian, Dutch, Polish, Turkish, Russian, Japanese,
    /// Chinese, Korean, Arabic.
    private static let otherLanguages = [
        "coucou", "merci bien", "de rien", "à plus tard", "à bientôt", "à demain", "bonne journée", "bonne soirée",
        "parfait", "cest parfait", "cest bon", "génial", "ça marche", "pas de problème", "pas de souci",
        "servus", "grüß gott", "danke sehr", "bitte", "bitte schön", "gern geschehen", "alles klar", "toll", "prima",
        "gut", "sehr gut", "perfekt", "bis später", "bis bald", "bis morgen", "auf wiedersehen", "guten abend",
        "buenos días", "buenas noches", "perfecto", "genial", "nos vemos", "hasta pronto", "de acuerdo",
        "bom dia", "boa tarde", "boa noite", "muito obrigado", "muito obrigada", "pela ajuda", "tudo bem",
        "beleza", "perfeito", "ótimo", "tchau", "até logo", "até mais", "buongiorno", "buonasera", "prego",
        "perfetto", "ottimo", "arrivederci", "a presto", "come va", "tutto bene", "hoi", "goedemorgen", "dank je",
        "dank je wel", "dank u", "dank u wel", "bedankt", "top", "oké", "tot ziens", "doei", "tot straks", "cześć",
        "dzień dobry", "dziękuję bardzo", "dzięki", "proszę", "dobrze", "do widzenia", "na razie", "merhaba",
        "selam", "teşekkürler", "teşekkür ederim", "sağ ol", "tamam", "güle güle", "görüşürüz", "привет",
        "здравствуйте", "спасибо", "большое спасибо", "пожалуйста", "хорошо", "ладно", "отлично", "пока",
        "до свидания", "こんにちは", "こんばんは", "おはよう", "おはようございます", "ありがとう", "ありがとうございます",
        "どうも", "はい", "いいえ", "了解", "さようなら", "またね", "你好", "您好", "谢谢", "谢谢你", "多谢", "好的", "好",
        "没问题", "再见", "拜拜", "안녕", "안녕하세요", "감사합니다", "고맙습니다", "고마워", "네", "좋아요", "알겠습니다",
        "مرحبا", "السلام عليكم", "شكرا", "شكرا جزيلا", "عفوا", "حسنا", "مع السلامة",
    ]

    /// Words that only join or intensify the phrases above.
    private static let glue = [
        "so", "very", "really", "just", "too", "a lot", "so much", "very much", "again", "and", "then", "all",
        "everyone", "everybody", "guys", "folks", "friend", "buddy", "mate", "man", "dude", "bro", "pal",
        "amigo", "there", "bot", "assistant", "for that", "for the help", "for your help", "for everything",
        "anyway", "btw", "though", "haha", "lol", "you", "u", "to you", "me", "it", "that", "mucho", "beaucoup",
    ]
}
