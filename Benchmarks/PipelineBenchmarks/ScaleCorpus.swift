import Foundation
import MemLayer

/// One user's memory after a long time of chatting: facts as extraction writes them and kept
/// chat turns (`User: …` / `Assistant: …`, conversations of 50 turns so every turn has
/// neighbours), at realistic lengths (facts ~70 characters, turns ~250).
///
/// A turn's words are real conversation: a message of the retrieval development set
/// (`Benchmarks/retrieval/dev`, 330 messages of two people talking) as what the user said and
/// two others as the answer, so words occur about as often as they do in chat (a templated text
/// would put the same few words in every row and make every keyword search match thousands).
/// Embedding 60,000 texts with MiniLM would take minutes on this machine, so each memory's vector
/// is the normalised sum of real MiniLM vectors of its parts: every row is distinct and the
/// scores spread like sentence embeddings do, which is what the vector scan and its int8 screen
/// see.
struct ScaleCorpus {
    static let turnsPerConversation = 50

    let facts: [NewMemory]
    let turns: [NewMemory]

    init(facts factCount: Int, turns turnCount: Int, messages: [String], embedder: MiniLMEmbedder) async throws {
        var random = SplitMix(seed: 14)
        let people = [
            "my sister Ana", "my brother", "my manager Priya", "Dana", "our neighbour Tom", "my dentist", "Grandma",
            "my partner Sam", "my friend Kofi", "the kids", "my landlord", "Aunt Rosa", "my colleague Mei",
            "my son Leo", "my daughter Ivy", "my mum", "my dad", "the team lead", "our vet", "my cousin Jonas",
        ]
        let doings = [
            "moved to Lisbon", "started a new job at Acme Corp", "is allergic to peanuts", "bought a red bicycle",
            "loves green tea", "hates jazz", "is learning the cello", "runs every Sunday morning",
            "adopted a greyhound called Biscuit", "is planning a trip to Porto", "got engaged in May",
            "broke a wrist on the patio", "is building a canoe in the garage", "prefers window seats",
            "has a birthday on 3 March", "works night shifts at the hospital", "reads history books",
            "is vegetarian", "drives an old estate car", "keeps bees on the allotment", "plays chess online",
            "has a dentist appointment on Friday", "is afraid of flying", "collects vinyl records",
            "volunteers at the food bank", "speaks Portuguese", "grows tomatoes", "is training for a half marathon",
            "fixes old radios", "teaches Year 9 history",
        ]

        // Real MiniLM vectors for the parts.
        let statements = (0..<600).map { i in
            "\(people[i % people.count].capitalizedFirst) \(doings[(i / people.count + i) % doings.count])."
        }
        let qualifiers = [
            "", " (said in passing)", " since last spring", " according to Sam", " as of this year", " for now",
            " which surprised everyone", " again", " since the move", " this month",
        ]
        let statementVectors = try await Self.embed(statements, embedder)
        let qualifierVectors = try await Self.embed(qualifiers.map { $0.isEmpty ? "note" : $0 }, embedder)
        let messageVectors = try await Self.embed(messages, embedder)

        let start = Date(timeIntervalSince1970: 1_700_000_000)
        facts = (0..<factCount).map { i in
            let s = i % statements.count
            let q = (i / statements.count) % qualifiers.count
            let text =
                String(statements[s].dropLast()) + qualifiers[q]
                + " (noted \(i / (statements.count * qualifiers.count) + 1))."
            return NewMemory(
                text: text, kind: .fact, importance: 0.3 + 0.5 * random.unit(), createdAt: start + Double(i) * 600,
                embedding: Self.normalisedSum(statementVectors[s], qualifierVectors[q], weight: 0.3))
        }
        turns = (0..<turnCount).map { i in
            let said = Int(random.next() % UInt64(messages.count))
            let first = Int(random.next() % UInt64(messages.count))
            let second = Int(random.next() % UInt64(messages.count))
            let conversation = "bench-\(i / Self.turnsPerConversation)"
            let position = i % Self.turnsPerConversation + 1
            let answer = Self.normalisedSum(messageVectors[first], messageVectors[second], weight: 1)
            return NewMemory(
                text: "User: \(messages[said])\nAssistant: \(messages[first]) \(messages[second])", kind: .turn,
                createdAt: start + Double(i) * 120, source: "chat",
                metadataJSON: #"{"conversation":"\#(conversation)","position":\#(position)}"#,
                embedding: Self.normalisedSum(messageVectors[said], answer, weight: 0.7))
        }
    }

    private static func embed(_ texts: [String], _ embedder: MiniLMEmbedder) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: 64) {
            vectors += try await embedder.embed(Array(texts[start..<min(start + 64, texts.count)]))
        }
        return vectors
    }

    private static func normalisedSum(_ a: [Float], _ b: [Float], weight: Float) -> [Float] {
        let sum = zip(a, b).map { $0 + weight * $1 }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return sum.map { $0 / norm }
    }
}

/// A small deterministic generator, so every run builds the same store.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
