import Foundation

/// Facts as extraction writes them, made from parts: sentence `i` is a fixed combination of a
/// person, what they do, a detail and a time, so sentence `i` is the same in every run and for
/// every size (the 10k store holds the first rows of the 100k one, and their cached vectors are
/// shared). Indices map to combinations through a multiplication by a number coprime with their
/// count, so neighbouring indices differ in every part and no two indices below
/// ``capacity`` give the same text.
enum SentenceCorpus {
    static let people = [
        "My sister Ana", "My brother Tom", "My manager Priya", "Dana", "Our neighbour Olu", "My dentist",
        "Grandma", "My partner Sam", "My friend Kofi", "The kids", "My landlord", "Aunt Rosa", "My colleague Mei",
        "My son Leo", "My daughter Ivy", "My mum", "My dad", "The team lead", "Our vet", "My cousin Jonas",
        "My flatmate Chen", "Uncle Bill", "My coach", "Our babysitter Lena", "My old teacher", "My boss Raj",
        "My best friend Zoe", "The new intern", "My sister-in-law Marta", "Our neighbour Hugo", "Professor Adler",
        "My godson Eli", "I", "My wife Nora", "My husband Dev", "My niece Ada", "My nephew Finn",
        "My client Mrs Park", "My therapist", "Our plumber",
    ]
    static let doings = [
        "moved to Lisbon", "started a new job at a bank", "is allergic to peanuts", "bought a red bicycle",
        "loves green tea", "hates jazz", "is learning the cello", "runs along the river",
        "adopted a greyhound", "is planning a trip to Porto", "got engaged", "broke a wrist",
        "is building a canoe", "prefers window seats", "celebrates a birthday", "works night shifts",
        "reads history books", "went vegetarian", "drives an old estate car", "keeps bees",
        "plays chess online", "has a dentist appointment", "is afraid of flying", "collects vinyl records",
        "volunteers at the food bank", "speaks Portuguese", "grows tomatoes", "is training for a half marathon",
        "fixes old radios", "teaches history", "sings in a choir", "paints watercolours", "bakes sourdough",
        "is saving for a house", "switched to a standing desk", "started therapy", "takes the early train",
        "repaired the fence", "quit coffee", "joined a climbing gym", "writes a newsletter", "lost a phone",
        "booked flights to Tokyo", "is renovating the kitchen", "fosters kittens", "started a podcast",
        "learned to knit", "got a promotion", "sold the old car", "is studying for an exam",
        "visited the dermatologist", "organised a book club", "took up birdwatching", "stopped eating sugar",
        "hosted a dinner party", "moved the office upstairs", "adopted a rescue cat", "planted an apple tree",
        "signed up for pottery", "changed banks",
    ]
    static let details = [
        "with friends", "after a long wait", "on a small budget", "with the neighbours", "for the first time",
        "despite the rain", "near the station", "with a lot of help", "as a surprise", "to everyone's relief",
        "after the doctor's advice", "without telling anyone", "on the advice of a colleague", "to save money",
        "for health reasons", "with the kids", "after a bad week", "as a new year's resolution",
        "in the old neighbourhood", "with great excitement", "at a discount", "for the whole family",
        "against expectations", "after years of talking about it", "with a borrowed van",
    ]
    static let times = [
        "last spring", "in March", "this summer", "on Sunday", "two weeks ago", "in 2023", "last autumn",
        "every Tuesday", "over the holidays", "in January", "recently", "this morning", "at the weekend",
        "in late May", "a year ago", "in the evenings", "during lockdown", "last night", "in December",
        "since the move", "every other Friday", "before the wedding", "after work", "on her birthday",
        "this month", "in the mornings", "last Easter", "in early October", "on the long weekend",
        "during the heatwave", "in 2021", "after the funeral", "while travelling", "on the train", "at lunch",
        "at dawn", "before Christmas", "around midnight", "in the new year", "at half term", "on holiday",
        "last February", "after the exams", "on Saturday mornings", "every day", "in the summer of 2022",
        "on Mondays", "at the end of June", "around Halloween", "this week",
    ]

    /// How many distinct sentences there are.
    static let capacity = people.count * doings.count * details.count * times.count
    /// Coprime with ``capacity`` (which factors into 2, 3, 5 and 7 only): spreads indices.
    private static let stride = 1_000_003

    /// The text of sentence `index` (0 ≤ index < ``capacity``).
    static func sentence(_ index: Int) -> String {
        precondition(index >= 0 && index < capacity, "sentence index \(index) is beyond \(capacity)")
        var code = Int((UInt64(index) &* UInt64(stride)) % UInt64(capacity))
        let person = people[code % people.count]
        code /= people.count
        let doing = doings[code % doings.count]
        code /= doings.count
        let detail = details[code % details.count]
        code /= details.count
        let time = times[code % times.count]
        let verb = person == "I" ? doing.replacingOccurrences(of: "is ", with: "am ") : doing
        return "\(person) \(verb) \(detail) \(time)."
    }

    /// Questions a user asks of such facts, as the chat model would pass them to `search_memory`.
    static let questions = [
        "Where did my sister move to?", "What is Tom allergic to?", "Which instrument is someone learning?",
        "Who adopted a dog?", "When is the trip to Porto?", "What did Priya say about her new job?",
        "Does anyone keep bees?", "Who is afraid of flying?", "What does Grandma like to drink?",
        "Which music does Sam dislike?", "Who broke a wrist and how?", "What is Kofi building?",
        "Who volunteers on weekends?", "What does Mei collect?", "Which languages does Leo speak?",
        "Who is training for a race?", "What is being renovated at home?", "Who got promoted at work?",
        "What did Dad sell?", "Who started a podcast?", "Which pets did we foster?",
        "Where are the flights booked to?", "Who quit coffee and why?", "What happened at the dinner party?",
        "Who changed banks recently?", "What does the coach do in the mornings?", "Who planted a tree?",
        "Who bakes bread at home?", "What did the vet recommend?", "Who is saving money for a house?",
        "What hobbies did Zoe take up?", "Who joined a gym?", "What did Nora learn this year?",
        "Which appointment is on Friday?", "Who moved the office?", "What did Jonas do during lockdown?",
        "Who went vegetarian for health reasons?", "Who went to the wedding?",
        "Who teaches at the school?", "What does Ivy do on the train?",
    ]
}
