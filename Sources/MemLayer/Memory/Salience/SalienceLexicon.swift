import Foundation

/// The word lists and patterns of the salience rules and the lightweight scorer, read once from
/// the data files in `models/salience/rules/` (one per language: `en.txt`, `de.txt`, …; the format
/// is ``SalienceRuleFile``'s), found like the prototypes (``ModelLocation``). The Swift types hold
/// only the logic.
///
/// Which file a list is read from says what it is for: the English rules and the lightweight
/// scorer read `en.txt` only; the rules for text in another language read every other file; the
/// fact patterns, question openers and first-person words of the fact rules join every file.
final class SalienceLexicon: Sendable {
    static let folderName = "rules"
    static let englishFileName = "en.txt"

    /// SHA-256 (hex) of the files, in name order: names which version of the lists decided.
    let contentHash: String

    // SalienceText: how a text is split and what asks.
    let discourseOpeners: Set<String>
    let questionOpeners: Set<String>
    let questionTags: Set<String>
    let abbreviations: Set<String>
    let wonderLeadWords: Set<String>
    let wonderQuestionWords: Set<String>

    // SalienceRules: English impersonal asks, requests and self-introductions.
    let askFirstPerson: Set<String>
    let requestLeadWords: Set<String>
    let requestVerbs: Set<String>
    let capitalisedNonNames: Set<String>
    let selfIntroductions: [[String]]

    // PersonalFactPatterns: the fact patterns (every language) and who "the user" is in them.
    let factPatterns: [PersonalFactPatterns.Pattern]
    let factFirstPerson: Set<String>
    let factFirstPersonPrefixes: [String]

    // KeywordSignal: the lightweight scorer's evidence (English).
    let signalSubjects: Set<String>
    let signalPossessives: Set<String>
    let bareOpinions: Set<String>
    let lifeEvents: Set<String>
    let personalTopics: Set<String>
    let assistantWords: Set<String>
    let timeSignal: NSRegularExpression
    let preferenceSignal: NSRegularExpression

    // OtherLanguages: telling languages apart, and asks in the other languages.
    let commonEnglish: Set<String>
    let functionWords: Set<String>
    let functionWordPrefixes: [String]
    let otherAskFirstPerson: Set<String>
    let otherAskFirstPersonPrefixes: [String]
    let otherAskFirstPersonInfixes: [String]
    let otherRequestVerbs: Set<String>
    let otherRequestVerbSuffixes: [String]
    let otherRequestPrefixes: [String]
    let otherRequestSuffixes: [String]
    let please: Set<String>

    /// The shipped files, read once per process.
    static let shipped: Result<SalienceLexicon, SalienceError> = Result { try load() }.mapError {
        $0 as? SalienceError ?? SalienceError(.prototypeFiles, "\($0)")
    }

    /// The lexicon the rules and the scorer use: the shipped one, or, when its files cannot be
    /// read, an empty one (no rule settles anything but an empty text; a note says so once).
    /// ``SalienceConfiguration/makeGate()`` throws the reason instead of building such a gate.
    static let current: SalienceLexicon = {
        switch shipped {
        case .success(let lexicon): return lexicon
        case .failure(let error):
            FileHandle.standardError.write(
                Data("memlayer: \(error); the salience rules settle nothing and score no signal\n".utf8))
            return SalienceLexicon(SalienceLexiconSections(), patterns: [], contentHash: "none")
        }
    }()

    /// Reads every `.txt` file of `directory`, or of the shipped `salience/rules/` folder.
    static func load(from directory: URL? = nil) throws -> SalienceLexicon {
        let folder = try directory ?? locate()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        guard names.contains(englishFileName) else {
            throw SalienceError(.prototypeFiles, "\(folder.path) holds no \(englishFileName) salience rules")
        }
        var files: [SalienceRuleFile] = []
        var bytes: [UInt8] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SalienceError(.prototypeFiles, "cannot read the salience rules at \(url.path)")
            }
            bytes += Array(name.utf8) + [0] + Array(data) + [0]
            files.append(try SalienceRuleFile(name: name, text: String(decoding: data, as: UTF8.self)))
        }
        let sections = try SalienceLexiconSections(files: files)
        return SalienceLexicon(sections, patterns: try sections.patterns(), contentHash: SHA256.hex(of: bytes))
    }

    /// The shipped `salience/rules/` folder.
    static func locate() throws -> URL {
        let candidates = ModelLocation.candidateRoots().map {
            $0.appendingPathComponent("salience").appendingPathComponent(folderName)
        }
        for folder in candidates
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent(englishFileName).path) {
            return folder
        }
        throw SalienceError(
            .prototypeFiles,
            "the salience rules are missing (looked in: \(candidates.map(\.path).joined(separator: ", "))); "
                + "they ship in the repository's models/salience/rules/ — set MEMLAYER_MODELS to a models "
                + "folder that holds salience/rules/en.txt")
    }

    private init(_ lists: SalienceLexiconSections, patterns: [PersonalFactPatterns.Pattern], contentHash: String) {
        self.contentHash = contentHash
        discourseOpeners = lists.english("discourse_openers")
        questionOpeners = lists.every("question_openers")
        questionTags = lists.english("question_tags")
        abbreviations = lists.english("abbreviations")
        wonderLeadWords = lists.english("wonder_lead_words")
        wonderQuestionWords = lists.english("wonder_question_words")
        askFirstPerson = lists.english("ask_first_person")
        requestLeadWords = lists.english("request_lead_words")
        requestVerbs = lists.english("request_verbs")
        capitalisedNonNames = lists.english("capitalised_non_names")
        selfIntroductions = lists.englishEntries("self_introductions").map { $0.split(separator: " ").map(String.init) }
        factPatterns = patterns
        factFirstPerson = lists.every("fact_first_person")
        factFirstPersonPrefixes = Array(lists.every("fact_first_person_prefixes"))
        signalSubjects = lists.english("signal_subjects")
        signalPossessives = lists.english("signal_possessives")
        bareOpinions = lists.english("bare_opinions")
        lifeEvents = lists.english("life_events")
        personalTopics = lists.english("personal_topics")
        assistantWords = lists.english("assistant_words")
        timeSignal = lists.regex("time_signal")
        preferenceSignal = lists.regex("preference_signal")
        commonEnglish = lists.english("common_english")
        functionWords = lists.others("function_words")
        functionWordPrefixes = Array(lists.others("function_word_prefixes"))
        otherAskFirstPerson = lists.others("ask_first_person")
        otherAskFirstPersonPrefixes = Array(lists.others("ask_first_person_prefixes"))
        otherAskFirstPersonInfixes = Array(lists.others("ask_first_person_infixes"))
        otherRequestVerbs = lists.others("request_verbs")
        otherRequestVerbSuffixes = Array(lists.others("request_verb_suffixes"))
        otherRequestPrefixes = Array(lists.others("request_prefixes"))
        otherRequestSuffixes = Array(lists.others("request_suffixes"))
        please = lists.others("please")
    }
}
