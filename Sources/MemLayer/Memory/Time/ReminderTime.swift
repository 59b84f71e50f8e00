import Foundation

/// When the user's own words say a reminder is due — "tomorrow at 9", "on Friday at 5:30 pm",
/// "at noon", "next Monday" — resolved against the moment they were said, in their time zone.
///
/// The chat's `schedule_task` tool takes the model's `due_date`, and small models get it wrong:
/// Qwen2.5-Coder-0.5B scheduled "tomorrow at 9" for a morning five months past, then repeated
/// the same call when told so, and the reminder the user asked for was never set. The user's
/// words are the ground truth, so when they name the time, they decide it.
///
/// A day comes from the time expressions the search reads (``TimeExpressionResolver``: "today",
/// "tomorrow", "on Friday", "next Monday", "8 December"); a clock time from "at 9", "at 9:30",
/// "9am", "5 pm", "noon", "midnight". An hour from 1 to 6 without am or pm is taken as the
/// afternoon, as people mostly mean it ("at 5" is 17:00); 7 to 12 as written. A day without a
/// clock time is due at ``defaultHour``; a clock time without a day is today if that time is
/// still ahead, else tomorrow. Windows longer than a day ("next week", "in May") name no time.
enum ReminderTime {
    /// The hour a reminder for a day with no clock time is due at.
    static let defaultHour = 9

    /// The due time `text` names, resolved against `now` in `timeZone`, with the words it came
    /// from; nil when the text names no day or clock time, or names one already past.
    static func due(in text: String, now: Date, timeZone: TimeZone) -> (date: Date, phrase: String)? {
        let days = TimeCalendar(timeZone: timeZone)
        let calendar = days.calendar
        let clock = ClockTime.first(in: text)
        var day: TimeWindow?
        if let lexicon = TimeLexicon.shipped {
            let window = TimeExpressionResolver(lexicon: lexicon, timeZone: timeZone).read(text, now: now).window
            let upcoming = upcomingWeekday(in: text, lexicon: lexicon, now: now, days: days)
            switch window {
            case let window? where window.end.timeIntervalSince(window.start) > 86_400:
                return nil  // "next week", "in May": no time to set
            case let window? where upcoming == nil:
                guard window.end > now else { return nil }  // "yesterday at 9"
                day = window
            default: day = upcoming
            }
        }
        let due: Date?
        var phrases: [String] = []
        switch (day, clock) {
        case (let day?, let clock?):
            due = calendar.date(bySettingHour: clock.hour, minute: clock.minute, second: 0, of: day.start)
            phrases = [day.phrase, clock.phrase]
        case (let day?, nil):
            let midnight = calendar.startOfDay(for: day.start)
            let morning = calendar.date(bySettingHour: defaultHour, minute: 0, second: 0, of: midnight)
            // A window shorter than the day ("this evening") starts when it says; a whole day at the hour.
            due = day.start > midnight ? day.start : morning
            phrases = [day.phrase]
        case (nil, let clock?):
            let today = calendar.date(bySettingHour: clock.hour, minute: clock.minute, second: 0, of: now)
            due = today.flatMap { $0 > now ? $0 : calendar.date(byAdding: .day, value: 1, to: $0) }
            phrases = [clock.phrase]
        case (nil, nil):
            due = nil
        }
        guard let due, due > now else { return nil }
        return (due, phrases.joined(separator: " "))
    }

    /// "on Friday", "Friday": in a reminder, the next such day (a week on when it is today). The
    /// search reads a bare weekday as the last one, as a question about the past means it.
    private static func upcomingWeekday(in text: String, lexicon: TimeLexicon, now: Date, days: TimeCalendar)
        -> TimeWindow?
    {
        let tokens = TimeToken.tokens(text)
        for index in tokens.indices {
            guard let (value, length) = lexicon.value("weekday", in: tokens, at: index), let weekday = Int(value)
            else { continue }
            let ahead = (weekday - days.isoWeekday(of: now) + 7) % 7
            let day = days.span(of: .day, containing: days.adding(ahead == 0 ? 7 : ahead, .day, to: now))
            let first = index > 0 && tokens[index - 1].word == "on" ? index - 1 : index
            let range = tokens[first].range.lowerBound..<tokens[index + length - 1].range.upperBound
            return TimeWindow(start: day.start, end: day.end, phrase: String(text[range]))
        }
        return nil
    }
}

/// A time of day written in a message: "at 9", "at 9:30", "9am", "5 pm", "noon", "midnight".
struct ClockTime: Equatable {
    var hour: Int
    var minute: Int
    /// The words it was read from.
    var phrase: String

    private nonisolated(unsafe) static let pattern =
        /(?i)\b(?:at\s+(?<hour>\d{1,2})(?!\d)(?:[:.](?<minute>\d{2}))?(?:\s*(?<half>[ap])\.?m\b\.?)?|(?<hour2>\d{1,2})(?:[:.](?<minute2>\d{2}))?\s*(?<half2>[ap])\.?m\b\.?|(?:at\s+)?(?<word>noon|midday|midnight))/

    /// The first time of day in `text`, or nil.
    static func first(in text: String) -> ClockTime? {
        for match in text.matches(of: pattern) {
            let phrase = String(text[match.range])
            if let word = match.output.word?.lowercased() {
                return ClockTime(hour: word == "midnight" ? 0 : 12, minute: 0, phrase: phrase)
            }
            guard let hourText = match.output.hour ?? match.output.hour2, let hour = Int(hourText) else { continue }
            let minute = (match.output.minute ?? match.output.minute2).flatMap { Int($0) } ?? 0
            let half = (match.output.half ?? match.output.half2)?.lowercased()
            guard minute < 60 else { continue }
            if let half {
                guard (1...12).contains(hour) else { continue }
                let hour24 = hour % 12 + (half == "p" ? 12 : 0)
                return ClockTime(hour: hour24, minute: minute, phrase: phrase)
            }
            guard hour < 24 else { continue }
            return ClockTime(hour: (1...6).contains(hour) ? hour + 12 : hour, minute: minute, phrase: phrase)
        }
        return nil
    }
}
