import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// What the model returns is kept only where the turn's text supports it.
@Suite("Extraction grounding")
struct ExtractionGroundingTests {
    static let lexicon = ExtractionLexicon.shipped
    static let due = ISO8601.parse("2026-11-27T09:00:00Z")
    static let grounding = ExtractionGrounding(lexicon: lexicon)

    static func chat(_ user: String, _ assistant: String = "Noted.") -> ConversationTurn {
        ConversationTurn(user: user, assistant: assistant, at: ExtractionFixture.now)
    }

    @Test("the shipped word lists load")
    func shipped() throws {
        let lexicon = try #require(Self.lexicon)
        #expect(lexicon.reminderPhrases.contains(["remind", "me"]))
        #expect(lexicon.questionOpeners.contains("what") && !lexicon.questionOpeners.contains("can"))
        #expect(lexicon.placePredicates.contains("lives_in"))
    }

    @Test(
        "the user's own words ask for a reminder",
        arguments: [
            ("Remind me tomorrow at 9 to call Dana", true),
            ("Can you remind me to call Dana tomorrow?", true),
            ("Don’t let me forget the rent on Friday.", true),
            ("I moved to Porto. Set a reminder for Monday at 8 to renew my lease!", true),
            ("make sure I call mom at 5", true),
            ("What do you know about my job?", false),
            ("Search for Dana's location", false),
            ("Remind me what my job is", false),
            ("Is there a reminder for Friday?", false),
            ("What reminders do I have?", false),
            ("I reminded Dana about the party", false),
            ("My sister Dana lives in Porto", false),
        ])
    func asksForReminder(text: String, expected: Bool) throws {
        #expect(try #require(Self.lexicon).asksForReminder(text) == expected)
    }

    @Test("a task stays only when the user asked for it and a due time resolved")
    func tasks() {
        let tasks = [
            ExtractedTask(description: "Call Dana", dueAt: Self.due), ExtractedTask(description: "Call Dana someday"),
        ]
        let asked = Self.grounding.ground(
            ExtractionResult(tasks: tasks), in: Self.chat("Remind me tomorrow at 9 to call Dana"))
        #expect(asked.0.tasks == [tasks[0]] && asked.1 == .init(tasks: 1))

        // The assistant's offer, a question, a document: none is the user asking.
        for turn in [
            Self.chat("I need to call Dana", "I'll remind you tomorrow at 9 to call Dana."),
            Self.chat("What do you know about my job?"),
            ConversationTurn(
                user: "Remind me to file the report by Friday.", assistant: "", at: ExtractionFixture.now,
                origin: .document),
        ] {
            let grounded = Self.grounding.ground(ExtractionResult(tasks: tasks), in: turn)
            #expect(grounded.0.tasks.isEmpty && grounded.1 == .init(tasks: 2), "\(turn.user)")
        }
        // A note is the user's own words.
        let note = ConversationTurn(
            user: "remind me on Friday to call Dana", assistant: "", at: ExtractionFixture.now, origin: .note)
        #expect(Self.grounding.ground(ExtractionResult(tasks: tasks), in: note).0.tasks == [tasks[0]])
        // Without word lists, no task is trusted.
        let blind = ExtractionGrounding(lexicon: nil)
        #expect(blind.ground(ExtractionResult(tasks: tasks), in: Self.chat("Remind me at 9")).0.tasks.isEmpty)
    }

    @Test("an entity stays only when the text names it; the user is always a person")
    func entities() {
        let result = ExtractionResult(entities: [
            ExtractedEntity(name: "Dana", type: "person"), ExtractedEntity(name: "Malmo", type: "place"),
            ExtractedEntity(name: "User", type: "thing"), ExtractedEntity(name: "Acme Corp", type: "organization"),
            ExtractedEntity(name: "Dan", type: "person"), ExtractedEntity(name: "Lisbon", type: "place"),
        ])
        let (kept, dropped) = Self.grounding.ground(
            result, in: Self.chat("Dana's flat is in Malmö.", "Nice — ACME corp has an office there too."))
        #expect(
            kept.entities == [
                ExtractedEntity(name: "Dana", type: "person"), ExtractedEntity(name: "Malmo", type: "place"),
                ExtractedEntity(name: "User", type: "person"),
                ExtractedEntity(name: "Acme Corp", type: "organization"),
            ])
        #expect(dropped == .init(entities: 2))  // "Dan" is not a whole word of "Dana"; Lisbon is not there
    }

    @Test("an edge stays only between kept entities, never a loop, never a person as a place")
    func relationships() {
        let result = ExtractionResult(
            entities: [
                ExtractedEntity(name: "Dana", type: "person"), ExtractedEntity(name: "Porto", type: "place"),
                ExtractedEntity(name: "Lisbon", type: "place"),
            ],
            relationships: [
                ExtractedRelationship(subject: "User", predicate: "lives in", object: "Dana"),
                ExtractedRelationship(subject: "Dana", predicate: "sister of", object: "User"),
                ExtractedRelationship(subject: "Dana", predicate: "lives in", object: "Porto"),
                ExtractedRelationship(subject: "Dana", predicate: "knows", object: "dana"),
                ExtractedRelationship(subject: "Dana", predicate: "visits", object: "Lisbon"),
                ExtractedRelationship(subject: "Dana", predicate: "works at", object: "Acme"),
            ])
        let (kept, dropped) = Self.grounding.ground(result, in: Self.chat("My sister Dana lives in Porto"))
        #expect(
            kept.relationships == [
                ExtractedRelationship(subject: "Dana", predicate: "sister of", object: "User"),
                ExtractedRelationship(subject: "Dana", predicate: "lives in", object: "Porto"),
            ])
        // The speaker joins the entities, as a person, because a kept edge names them.
        #expect(kept.entities.last == ExtractedEntity(name: "User", type: "person"))
        #expect(dropped == .init(entities: 1, relationships: 4))
    }

    @Test("the prompt's own examples and schema words echoed back are not facts; an expiry before the turn is dropped")
    func facts() {
        let turn = Self.chat("I am allergic to peanuts.")
        let result = ExtractionResult(facts: [
            ExtractedFact(text: ExtractionPrompt.exampleFacts[0]),
            ExtractedFact(text: "entities"),
            ExtractedFact(text: "..."),
            ExtractedFact(text: "It was written on Monday, 7 December 2026, 03:58 (time zone Etc/UTC, UTC+00:00)."),
            ExtractedFact(text: "User is allergic to peanuts.", expiresAt: turn.at.addingTimeInterval(-86_400)),
        ])
        let (kept, dropped) = Self.grounding.ground(result, in: turn)
        #expect(kept.facts == [ExtractedFact(text: "User is allergic to peanuts.", expiresAt: nil)])
        #expect(dropped.facts == 4)
        // The same words said by the user are a fact like any other.
        let said = Self.grounding.ground(
            ExtractionResult(facts: [ExtractedFact(text: ExtractionPrompt.exampleFacts[0])]),
            in: Self.chat("I work at a bakery in Ghent."))
        #expect(said.0.facts.count == 1)
    }

    @Test("a fact that repeats its sentence (a model looping inside a string) is said once")
    func repeatedSentences() {
        let looping = String(repeating: "I am allergic to peanuts. ", count: 11) + "I am aller"
        #expect(ExtractionGrounding.collapsingRepeats(looping) == "I am allergic to peanuts.")
        #expect(ExtractionGrounding.collapsingRepeats("User likes tea. User likes coffee.") == "User likes tea. User likes coffee.")
    }

    @Test("a task must share a word (not about time) with the request, and be due after it was made")
    func groundedTaskText() throws {
        let turn = Self.chat("Remind me tomorrow at 9 to call Dana.")
        let due = try #require(Self.due)
        let result = ExtractionResult(tasks: [
            ExtractedTask(description: "Call Dana", dueAt: due),
            ExtractedTask(description: "Amara's birthday is tomorrow at 9am on Tuesdays.", dueAt: due),
            ExtractedTask(description: "Call Dana", dueAt: turn.at),
        ])
        let (kept, dropped) = Self.grounding.ground(result, in: turn)
        #expect(kept.tasks == [ExtractedTask(description: "Call Dana", dueAt: due)])
        #expect(dropped.tasks == 2)
    }
}
