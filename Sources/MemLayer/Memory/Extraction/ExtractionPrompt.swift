import Foundation

/// The one request that asks a model to extract memories from a queued turn, document chunk or
/// note: instructions with the schema, the moment the text was written (date, time and time
/// zone, so "next Friday" resolves), and the text itself. The reply is asked for as JSON that
/// follows ``ExtractionReplySchema`` (JSON mode where a provider cannot constrain to a schema),
/// with as little thinking as the model allows, so a thinking model does not spend the token
/// cap before the answer.
struct ExtractionPrompt {
    var turn: ConversationTurn
    var timeZone: TimeZone
    /// Which try this is, from 1: later tries are told the last reply was unusable, and are
    /// sampled a little warmer so a model stuck on one bad answer can leave it.
    var attempt = 1
    var maxTokens: Int?

    /// The example facts the instructions show. Small models copy them into their answer;
    /// ``ExtractionGrounding`` drops such a copy unless the text itself says it.
    static let exampleFacts = ["User works at a bakery in Ghent.", "User's brother Tomas plays the cello."]

    func request() -> ChatRequest {
        ChatRequest(
            system: system, messages: [.user(content)],
            temperature: attempt <= 1 ? 0 : min(0.3 * Double(attempt - 1), 0.8),
            maxTokens: maxTokens,
            responseFormat: .jsonSchema(name: ExtractionReplySchema.name, schema: ExtractionReplySchema.schema),
            thinking: .minimal)
    }

    var system: String {
        var text = """
            You extract long-term memories about the user from the text below, for a memory store that later \
            conversations search.
            \(dateLine)
            Resolve relative dates ("tomorrow", "next Friday", "in two weeks") from that moment and write every date \
            as ISO-8601 with the offset, for example \(Self.isoExample(turn.at, timeZone)).

            Answer with one JSON object and nothing else, in this shape:
            {"facts": [{"text": "...", "importance": 0.5, "expires_at": null, "event_date": null}],
             "entities": [{"name": "...", "type": "person"}],
             "relationships": [{"subject": "...", "predicate": "...", "object": "..."}],
             "tasks": [{"description": "...", "due_date": "..."}]}

            Rules:
            - facts: short, self-contained statements about the user and the people, places and things in their \
            life that will still matter in later conversations, written in the third person ("\(Self.exampleFacts[0])", \
            "\(Self.exampleFacts[1])"). Not greetings, questions, small talk, or what the \
            assistant knows in general.
            - importance from 0 to 1: 0.9 identity, health, close people; 0.6 work, home, lasting preferences; \
            0.3 passing details.
            - expires_at: when the fact stops being true (a trip, an appointment, "this week"); null for lasting facts.
            - event_date: when what the fact tells happened or will happen, if the text says ("we moved in March \
            2019", "last Friday"): an ISO-8601 date resolved from the moment above; null if the text does not say.
            - entities: the people, organizations, places and things named, with a type (person, organization, \
            place, event, thing). Call the user "User". Keep full names as written; never merge two people \
            who only share a first name.
            - relationships: between entities, predicate in a few words ("works at", "sister of", "lives in").
            - tasks: only when the user asks to be reminded of something; otherwise [].
            Use an empty array for anything you did not find, and no keys other than these four.
            """
        if attempt > 1 {
            text +=
                "\nYour previous answer could not be read. Reply with the JSON object only: no prose, no code fence."
        }
        return text
    }

    /// The text to extract from, framed by where it came from. For a chat turn: the user's
    /// message and the final answer only — never tool calls or tool results (the chat loop keeps
    /// them out of ``ConversationTurn/assistant``), so nothing a tool printed becomes a memory.
    var content: String {
        switch turn.origin {
        case .chat:
            "Conversation turn:\nUser: \(turn.user)\nAssistant: \(turn.assistant)"
        case .document:
            "Excerpt of a document the user shared\(turn.source.map { " (\($0))" } ?? ""):\n\(turn.user)"
        case .note:
            "The user asked you to remember this:\n\(turn.user)"
        }
    }

    /// The moment the text was written, in a fixed English form whatever the machine's locale.
    private var dateLine: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEEE, d MMMM yyyy, HH:mm"
        return "It was written on \(formatter.string(from: turn.at)) (time zone \(timeZone.identifier), "
            + "UTC\(Self.offset(turn.at, timeZone)))."
    }

    static func offset(_ date: Date, _ zone: TimeZone) -> String {
        let seconds = zone.secondsFromGMT(for: date)
        return String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }

    static func isoExample(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date) + offset(date, zone)
    }
}
