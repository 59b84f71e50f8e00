import Foundation

/// Keeps only what a turn's text supports, whatever the model wrote.
///
/// Measured with a 0.5B model over an 8-turn conversation: reminders from questions ("What do
/// you know about my job?") and from tool-call JSON the model leaked, reminders with no date,
/// edges like "User —lives_in→ Dana" from "my sister Dana lives in Porto", and "User" typed
/// `thing`. So, after parsing:
/// - an entity stays only when its name occurs in the text (whole words, any case); "User" (the
///   speaker) always may, and is always a `person`;
/// - a relationship stays only when both ends are kept entities (or "User"), differ, and a place
///   predicate (`lives_in`) does not point at a person;
/// - a task stays only when the user's own message asks to be reminded (never the assistant's
///   text, never a question) and its due time resolved. Documents never make tasks.
struct ExtractionGrounding {
    var lexicon: ExtractionLexicon?
    /// Dates a fact whose event time the model left out from its own words ("User moved to
    /// Berlin last March"), against the turn's time.
    var time: TimeExpressionResolver? = nil

    /// `result` without the unsupported items, and how many of each kind were left out.
    func ground(_ result: ExtractionResult, in turn: ConversationTurn) -> (ExtractionResult, ExtractionSummary.Dropped)
    {
        var kept = result
        var dropped = ExtractionSummary.Dropped()
        let source = Self.nameWords(Self.sourceText(of: turn))

        kept.facts = result.facts.compactMap { fact in
            guard !Self.isEcho(fact.text, source: source) else {
                dropped.facts += 1
                return nil
            }
            var fact = fact
            fact.text = Self.collapsingRepeats(fact.text)
            // An end before the words were even said is a model's slip (a small model gave
            // "allergic to peanuts" an expiry in 2022, and curation deleted it at once): lasting.
            if let expiry = fact.expiresAt, expiry <= turn.at { fact.expiresAt = nil }
            if fact.eventAt == nil, let window = time?.window(in: fact.text, now: turn.at), window.start != .distantPast
            {
                fact.eventAt = window.start
            }
            return fact
        }

        var types: [String: String] = [Self.user: "person"]
        kept.entities = []
        for entity in result.entities {
            let key = EntityName.canonical(entity.name)
            if key == Self.user {
                kept.entities.append(ExtractedEntity(name: entity.name, type: "person"))
            } else if Self.occurs(entity.name, in: source) {
                kept.entities.append(entity)
                if types[key] == nil { types[key] = entity.type.lowercased() }
            } else {
                dropped.entities += 1
            }
        }

        let places = lexicon?.placePredicates ?? []
        kept.relationships = result.relationships.filter { edge in
            let subject = EntityName.canonical(edge.subject)
            let object = EntityName.canonical(edge.object)
            let supported =
                subject != object && types[subject] != nil && types[object] != nil
                && !(places.contains(EntityName.predicate(edge.predicate)) && types[object] == "person")
            if !supported { dropped.relationships += 1 }
            return supported
        }
        let usesUser = kept.relationships.contains {
            EntityName.canonical($0.subject) == Self.user || EntityName.canonical($0.object) == Self.user
        }
        if usesUser, !kept.entities.contains(where: { EntityName.canonical($0.name) == Self.user }) {
            kept.entities.append(ExtractedEntity(name: "User", type: "person"))
        }

        let asked = turn.origin != .document && (lexicon?.asksForReminder(turn.user) ?? false)
        kept.tasks = asked ? result.tasks.filter { Self.supports(turn, $0) } : []
        dropped.tasks = result.tasks.count - kept.tasks.count
        return (kept, dropped)
    }

    /// True when the user's words can be this task: it is due after they were said, and its
    /// description shares a word that is not about time with the message. SmolLM2-135M turned
    /// "Remind me tomorrow at 9 to call Dana." into "Amara's birthday is tomorrow at 9am on
    /// Tuesdays…", due the moment it was said.
    static func supports(_ turn: ConversationTurn, _ task: ExtractedTask) -> Bool {
        guard let due = task.dueAt, due > turn.at else { return false }
        let said = ContentWords.stems(turn.user).subtracting(timeWords)
        return !ContentWords.stems(task.description).subtracting(timeWords).isDisjoint(with: said)
    }

    /// Words about when, which every reminder request and its task share without being the same.
    private static let timeWords: Set<String> = {
        let words = [
            "remind", "reminder", "tomorrow", "today", "tonight", "morning", "afternoon", "evening", "night", "noon",
            "week", "month", "year", "day", "hour", "minute", "next", "later", "am", "pm", "monday", "tuesday",
            "wednesday", "thursday", "friday", "saturday", "sunday",
        ]
        return Set(words.flatMap { ContentWords.stems($0) })
    }()

    /// True for a "fact" that is the prompt talking back: one of its example facts whose words
    /// the text does not hold, or a bare word of the reply's schema ("entities", "...").
    static func isEcho(_ text: String, source: [String]) -> Bool {
        let words = nameWords(text)
        if words.isEmpty || (words.count == 1 && schemaWords.contains(words[0])) { return true }
        // The prompt's own date line ("It was written on Monday, … (time zone Etc/UTC, UTC+00:00)").
        if text.contains("(time zone ") { return true }
        return ExtractionPrompt.exampleFacts.contains { example in
            let names = example.split(separator: " ").filter { $0.first?.isUppercase == true && $0 != "User" }
            return nameWords(example) == words && !names.allSatisfy { occurs(String($0), in: source) }
        }
    }

    /// `text` with sentences it repeats (and a repeat cut off at the end) said once: under a
    /// length-bounded schema Qwen2.5-Coder-0.5B wrote "I am allergic to peanuts." eleven times
    /// into one fact, until the string's bound cut it.
    static func collapsingRepeats(_ text: String) -> String {
        // Sentences end at . ! ? followed by white space (Foundation on Linux cannot split them).
        var sentences: [String] = []
        var current = ""
        for (index, character) in zip(text.indices, text) {
            current.append(character)
            let next = text.index(after: index)
            if ".!?".contains(character), next == text.endIndex || text[next].isWhitespace {
                sentences.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let tail = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { sentences.append(tail) }
        var kept: [String] = []
        for sentence in sentences {
            let key = sentence.lowercased()
            if kept.contains(where: { $0.lowercased() == key || $0.lowercased().hasPrefix(key) }) { continue }
            kept.append(sentence)
        }
        return kept.count == sentences.count ? text : kept.joined(separator: " ")
    }

    private static let schemaWords: Set<String> = [
        "facts", "fact", "entities", "entity", "relationships", "relationship", "tasks", "task", "text", "importance",
        "expires_at", "name", "type", "subject", "predicate", "object", "description", "due_date", "null",
    ]

    /// The canonical name of the speaker.
    static let user = "user"

    /// The text the model was given: the user's message and the final answer (for documents and
    /// notes, the text itself).
    static func sourceText(of turn: ConversationTurn) -> String {
        turn.origin == .chat ? turn.user + "\n" + turn.assistant : turn.user
    }

    /// True when the words of `name` occur, in order and next to each other, in `words`
    /// (``nameWords(_:)`` of the text).
    static func occurs(_ name: String, in words: [String]) -> Bool {
        let phrase = nameWords(name)
        return !phrase.isEmpty && ExtractionLexicon.contains(words, phrase)
    }

    /// Lower-cased words without diacritics, split at every other character, apostrophes too:
    /// "Dana's" holds "Dana", and "Malmo" finds "Malmö".
    static func nameWords(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
