/// What an imported message's vector is made from: the message said just before it in the same
/// conversation, then the message itself.
///
/// A message of a conversation often means little alone: "In Wakefield, from a rescue." answers
/// "Where did you get him?", and "Details." or "What! Where?" say nothing but who spoke. Embedded
/// alone, such short messages are close to every question naming their speaker (the name is most
/// of their text) and crowd the results, while the answer that needs its question goes unfound.
/// Embedded after the message before it, each message carries its exchange — the unit a search
/// shows anyway, since a turn hit comes with the turns around it. Measured on the development set
/// (`Benchmarks/run-retrieval.sh`, plain vector search, hit ± 1 shown): evidence recall@10 0.56
/// for messages embedded alone, 0.78 after the message before; with the message after as well,
/// also 0.78. Only the message before is used, so a message's vector never changes when the
/// conversation goes on.
///
/// The stored text stays the message's own words: keyword search and the result text read it,
/// only the vector sees the context (and so does the similarity a turn hit reports). Turns kept
/// from a live chat are embedded by the user's words, as before.
public enum TurnContext {
    /// At most this many characters of the message before are used (its end, which the message
    /// answers), so that a long message before cannot push the message itself past the
    /// embedder's input limit (256 word pieces for MiniLM).
    public static let previousCharacterLimit = 400

    /// The text embedded for a message `text` said after `previous` (nil for the first message of
    /// a conversation).
    public static func embeddingText(of text: String, after previous: String?) -> String {
        guard let previous, !previous.isEmpty else { return text }
        let tail = previous.count <= previousCharacterLimit ? previous : "…" + previous.suffix(previousCharacterLimit)
        return tail + "\n" + text
    }
}
