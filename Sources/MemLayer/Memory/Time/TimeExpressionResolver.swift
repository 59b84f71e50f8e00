import Foundation

/// What a text says about time: the window its first time expression names, an event it is
/// placed before or after ("before the trip"), and whether it asks when something happened.
struct TimeReading: Sendable, Equatable {
    /// The window of the first time expression ("last week", "in May 2023"), if any.
    var window: TimeWindow?
    /// "before the trip": an event to find, when no calendar expression follows the word.
    var anchor: EventAnchor?
    /// True for "when did I …", "what year …", "how long ago …".
    var asksWhen = false
    /// Where the expression stands in the text (its words are no search terms).
    var range: Range<String.Index>?
}

/// "before the trip", "after my surgery": a window that ends (or starts) at an event whose date
/// search has to find.
struct EventAnchor: Sendable, Equatable {
    enum Side: Sendable { case before, after }
    var side: Side
    /// The words naming the event ("the trip").
    var phrase: String
    /// Where "before the trip" stands in the text.
    var range: Range<String.Index>
}

/// Reads time expressions in English (the words in `models/time/`) and resolves them against a
/// reference moment — when the question was asked, or when a turn was said — in one time zone.
///
/// A window is a whole calendar unit: "yesterday" is that day from midnight to midnight, "last
/// week" the Monday-to-Sunday week before this one, "in May" the most recent May that has begun
/// (this one if it is May now), "last May" the one before the current month, "May 2023" that
/// month, "in 2023" that year, "3 days ago" that day, "two years ago" that calendar year, "last
/// Friday" the most recent Friday before today, "this morning" 05:00–12:00 today, "the past 3
/// days" the 72 hours up to now, "before/after/since X" the time before X begins or after it.
/// A month name counts only next to a day or year number or after a word such as "in", "of",
/// "during" (so "may I ask" and "march on" are not months); a four-digit year only after such a
/// word or a month. Dates that do not exist (31 April, 29 February 2023) are no dates.
struct TimeExpressionResolver: Sendable {
    var lexicon: TimeLexicon
    var calendar: TimeCalendar

    /// A resolver over `lexicon` for dates in `timeZone`.
    init(lexicon: TimeLexicon, timeZone: TimeZone) {
        self.lexicon = lexicon
        calendar = TimeCalendar(timeZone: timeZone)
    }

    /// A resolver over the shipped word lists, or nil when they cannot be read.
    init?(timeZone: TimeZone) {
        guard let lexicon = TimeLexicon.shipped else { return nil }
        self.init(lexicon: lexicon, timeZone: timeZone)
    }

    /// The window the first time expression of `text` names, resolved against `now`.
    func window(in text: String, now: Date) -> TimeWindow? { read(text, now: now).window }

    /// Everything `text` says about time, resolved against `now`.
    func read(_ text: String, now: Date) -> TimeReading {
        let tokens = TimeToken.tokens(text)
        var reading = TimeReading()
        reading.asksWhen =
            lexicon.has("when", in: tokens, at: 0)
            || (tokens.count > 1 && lexicon.has("when", in: tokens, at: 1) && tokens[0].word == "so")
        let scan = TimeScan(tokens: tokens, lexicon: lexicon, calendar: calendar, now: now)
        var index = 0
        while index < tokens.count {
            if let (side, length) = lexicon.value("anchor", in: tokens, at: index) {
                if let found = scan.expression(at: index + length) {
                    let span: (Date, Date)
                    switch side {
                    case "before": span = (.distantPast, found.start)
                    case "since": span = (found.start, max(now, found.end))
                    default: span = (found.end, max(now, found.end))
                    }
                    let range =
                        tokens[index].range.lowerBound..<tokens[index + length + found.length - 1].range.upperBound
                    reading.window = TimeWindow(start: span.0, end: span.1, phrase: String(text[range]))
                    reading.range = range
                    return reading
                }
                if reading.anchor == nil,
                    let anchor = eventAnchor(tokens, at: index, length: length, side: side, in: text)
                {
                    reading.anchor = anchor
                }
            }
            if let found = scan.expression(at: index) {
                let range = tokens[index].range.lowerBound..<tokens[index + found.length - 1].range.upperBound
                reading.window = TimeWindow(start: found.start, end: found.end, phrase: String(text[range]))
                reading.range = range
                reading.anchor = nil
                return reading
            }
            index += 1
        }
        return reading
    }

    /// "before the trip": an anchor word, then an event named with a determiner ("the", "my",
    /// "our"), up to the end of the text or its clause. "before bed" names no event to look up.
    private func eventAnchor(_ tokens: [TimeToken], at index: Int, length: Int, side: String, in text: String)
        -> EventAnchor?
    {
        let first = index + length
        guard first < tokens.count, Self.determiners.contains(tokens[first].word) else { return nil }
        var last = first
        while last + 1 < tokens.count, !Self.clauseBreak(between: tokens[last], tokens[last + 1], in: text),
            last - first < 5
        {
            last += 1
        }
        guard last > first else { return nil }
        let phrase = String(text[tokens[first].range.lowerBound..<tokens[last].range.upperBound])
        return EventAnchor(
            side: side == "before" ? .before : .after, phrase: phrase,
            range: tokens[index].range.lowerBound..<tokens[last].range.upperBound)
    }

    private static let determiners: Set<String> = ["the", "my", "our", "his", "her", "their", "your"]

    /// A comma, full stop or question mark between two words ends the event's name.
    private static func clauseBreak(between left: TimeToken, _ right: TimeToken, in text: String) -> Bool {
        text[left.range.upperBound..<right.range.lowerBound].contains { ",.;?!".contains($0) }
    }
}
