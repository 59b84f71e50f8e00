/// What the rule stage does with text that is not in English.
///
/// The prototypes, patterns and keywords behind every gate mode are English; measured on a
/// multilingual set (Tests/…/Fixtures/salience_multilingual.tsv), the gate kept fewer than half of
/// the personal facts stated in other languages ("меня зовут Иван", "我对花生过敏"), and a fact
/// the gate drops is never extracted. So text that is not English is kept — the extraction model,
/// which reads the language, decides what is in it — unless it is small talk (the lexicon covers
/// common phrases in a dozen languages) or a question or request that says nothing about the user
/// ("wie spät ist es in Tokio?", "escribe un poema sobre el mar").
enum OtherLanguages {
    /// True unless `text` is clearly in another language: mostly non-Latin letters, or more
    /// function words of the other languages than common English words ("ich bin Lehrerin an
    /// einer Grundschule" has three to none; "Mount Everest is 8,849 meters tall" none either way).
    static func isLikelyEnglish(_ text: SalienceText) -> Bool {
        let letters = text.words.flatMap { $0.text.unicodeScalars.filter { $0.properties.isAlphabetic } }
        guard !letters.isEmpty else { return true }
        let latin = letters.filter { $0.value < 0x250 }.count
        if latin * 2 < letters.count { return letters.count < 2 }
        let english = text.words.filter { commonEnglish.contains($0.lower) }.count
        // A capitalised word inside a clause is a name ("La Casa del Sol", "Das Boot"), not
        // evidence of a language.
        let other = text.clauses.flatMap { clause in
            clause.words.enumerated().filter { index, word in index == 0 || !word.isCapitalised }.map(\.element.lower)
        }.filter { otherFunctionWords.contains($0) || $0.hasPrefix("j'") || $0.hasPrefix("l'") }.count
        return other == 0 || other <= english
    }

    /// Every clause asks something or asks for something, and no word refers to the user
    /// ("je", "mein", "мой", "我"…): the text states nothing to remember.
    static func isImpersonalAsk(_ text: SalienceText) -> Bool {
        // Pleasantries around the ask ("traduz isto, por favor") do not change it.
        text.isImpersonalAsk(
            pleasantry: { clause in
                clause.words.allSatisfy { please.contains($0.lower) }
                    || SmallTalkLexicon.covers(clause.words.map(\.lower))
            },
            request: { clause in clause.words.first(where: { !please.contains($0.lower) }).map(isRequest) == true },
            refersToUser: refersToUser)
    }

    private static func isRequest(_ word: SalienceText.Word) -> Bool {
        let lower = word.lower
        if requestVerbs.contains(lower) { return true }
        // Imperatives with a pronoun attached: "spiegami", "dimmi", "explícame".
        if ["mi", "me", "lo", "la"].contains(where: {
            lower.hasSuffix($0) && requestVerbs.contains(String(lower.dropLast(2)))
        }) {
            return true
        }
        // Chinese and Japanese requests open with "please" or close with "ください" / "して".
        return lower.hasPrefix("请") || lower.hasPrefix("請") || lower.hasSuffix("ください") || lower.hasSuffix("주세요")
    }

    static func refersToUser(_ word: SalienceText.Word) -> Bool {
        let lower = word.lower
        if firstPerson.contains(lower) { return true }
        if lower.hasPrefix("j'") || lower.hasPrefix("m'") { return true }
        // Scripts without spaces: the pronoun sits inside the "word".
        return ["我", "私", "僕", "俺", "저는", "제가", "나는", "내가", "اسمي", "أنا"].contains { lower.contains($0) }
    }

    private static let please: Set<String> = [
        "bitte", "por", "favor", "s'il", "te", "vous", "plaît", "plait", "per", "favore", "alsjeblieft", "proszę",
        "lütfen", "пожалуйста",
    ]

    private static let requestVerbs: Set<String> = [
        // French
        "explique", "expliquez", "écris", "écrivez", "traduis", "traduisez", "donne", "donnez", "dis", "dites",
        "montre", "montrez", "fais", "faites", "calcule", "calculez", "résume", "résumez", "raconte", "cherche",
        // German
        "erklär", "erkläre", "erklären", "schreib", "schreibe", "übersetze", "übersetz", "gib", "zeig", "zeige",
        "mach", "mache", "berechne", "fasse", "erzähl", "erzähle", "such", "suche",
        // Spanish and Portuguese
        "explica", "escribe", "escreve", "traduce", "traduz", "dame", "dime", "muestra", "mostra", "haz", "faz",
        "calcula", "resume", "cuéntame", "conta", "busca", "explícame",
        // Italian
        "spiega", "scrivi", "traduci", "dammi", "dimmi", "mostra", "fai", "calcola", "riassumi", "racconta",
        "cerca",
        // Dutch
        "leg", "schrijf", "vertaal", "geef", "vertel", "toon", "maak", "bereken", "zoek",
        // Polish and Turkish
        "wyjaśnij", "napisz", "przetłumacz", "daj", "powiedz", "pokaż", "zrób", "oblicz", "açıkla", "yaz", "çevir",
        "söyle", "göster", "hesapla",
        // Russian
        "объясни", "напиши", "переведи", "дай", "скажи", "покажи", "сделай", "посчитай", "расскажи", "найди",
    ]

    /// Subject and possessive forms: a text with one of these says something about its writer.
    private static let firstPerson: Set<String> = [
        "je", "moi", "mon", "ma", "mes", "nous", "notre", "nos",
        "ich", "mein", "meine", "meinen", "meinem", "meiner", "meines", "wir", "unser", "unsere", "mich",
        "yo", "mi", "mis", "mío", "mía", "nosotros", "nuestro", "nuestra", "tengo", "soy", "estoy", "vivo",
        "eu", "meu", "minha", "meus", "minhas", "nós", "nosso", "nossa",
        "io", "mio", "mia", "miei", "mie", "noi", "nostro", "nostra", "sono", "ho",
        "ik", "mijn", "wij", "we", "ons", "onze",
        "ja", "mój", "moja", "moje", "mam", "jestem", "my", "nasz", "nasza",
        "ben", "benim", "biz", "bizim",
        "я", "мой", "моя", "моё", "мои", "моей", "моего", "меня", "мы", "наш", "наша",
    ]

    /// Common English words, leaving out those the other languages use too ("a", "in", "an", "so",
    /// "is", "we", "me", "no", "am", "was", "also", "will", "to", "on", "or", "i", "as").
    private static let commonEnglish: Set<String> = [
        "the", "and", "but", "of", "at", "for", "with", "from", "by", "about", "into", "over", "after", "before",
        "up", "out", "off", "i'm", "im", "i've", "i'd", "i'll", "my", "mine", "our", "us", "you", "your", "he",
        "she", "his", "her", "him", "they", "them", "their", "it", "its", "it's", "this", "that", "that's",
        "these", "those", "are", "were", "be", "been", "have", "has", "had", "does", "did", "don't", "doesn't",
        "didn't", "not", "yes", "would", "can", "could", "should", "may", "might", "must", "what", "when", "where",
        "who", "why", "how", "which", "there", "here", "if", "then", "than", "just", "very", "too", "all", "some",
        "any", "one", "two", "get", "got", "like", "know", "think", "want", "need", "go", "going", "make", "work",
        "live", "lives", "name", "please", "thanks", "thank", "ok", "okay", "next", "every", "today", "tomorrow",
        "week", "year", "years", "old", "new", "good", "more", "much", "many", "other", "still", "now",
    ]

    /// Function words of French, German, Spanish, Portuguese, Italian, Dutch, Polish and Turkish
    /// that are not also English words or fillers ("die", "man", "come", "do", "met", "um", "er", "e"
    /// and the like are left out).
    private static let otherFunctionWords: Set<String> = [
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "je", "tu", "il", "elle", "nous", "vous",
        "ils", "elles", "mon", "ma", "mes", "ton", "ta", "tes", "sa", "ses", "ce", "cette", "ces", "qui", "que",
        "dans", "pour", "avec", "sur", "pas", "ne", "mais", "très", "au", "aux", "ai", "suis", "sont", "chez", "où",
        "der", "das", "dem", "ein", "eine", "einen", "einem", "einer", "und", "ist", "ich", "du", "sie", "es",
        "wir", "mein", "meine", "nicht", "mit", "für", "auf", "von", "zu", "im", "ins", "aus", "bei", "nach",
        "sind", "habe", "hast", "bist", "wie", "wo", "noch", "auch", "sehr", "aber", "oder", "el", "los", "las",
        "una", "y", "en", "por", "para", "del", "al", "mi", "mis", "su", "sus", "yo", "tengo", "soy", "estoy",
        "muy", "pero", "qué", "como", "cuando", "donde", "está", "hay", "os", "uma", "é", "em", "na", "da", "dos",
        "das", "meu", "minha", "eu", "você", "não", "muito", "mas", "isto", "isso", "estou", "sou", "tenho", "gli",
        "uno", "è", "di", "che", "sono", "ho", "mio", "mia", "io", "noi", "molto", "anche", "questo", "questa",
        "nel", "nella", "della", "alla", "het", "een", "van", "ik", "jij", "hij", "zij", "wij", "mijn", "niet",
        "voor", "dat", "zijn", "heb", "heeft", "ook", "maar", "naar", "bij", "wat", "waar", "nie", "jest", "się",
        "że", "jak", "mam", "jestem", "moja", "mój", "ve", "bir", "bu", "için", "ile", "çok", "benim", "değil",
        "mir", "dir", "mich", "dich", "bitte", "moi", "toi",
    ]
}
