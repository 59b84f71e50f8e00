import Foundation

/// The patterns of ``TimeExpressionResolver``, tried at one word of a tokenised text: each
/// returns the window it names and how many words it took, or nil.
struct TimeScan {
    let tokens: [TimeToken]
    let lexicon: TimeLexicon
    let calendar: TimeCalendar
    let now: Date

    /// A window found at a word.
    struct Found {
        var start: Date
        var end: Date
        var length: Int
    }

    /// The first pattern that matches at `index`, most specific first.
    func expression(at index: Int) -> Found? {
        guard index < tokens.count else { return nil }
        let patterns: [(Int) -> Found?] = [
            isoDate, dayFirstDate, monthFirstDate, steppedMonth, steppedWeekday, partOfDay, rolling, steppedUnit, ago,
            dayOffset, weekday, contextMonthOrYear, recent,
        ]
        for pattern in patterns {
            if let found = pattern(index) { return found }
        }
        return nil
    }

    // MARK: - Dates written out

    /// `2023-05-08`, `2023/05/08`, `2023-05`.
    private func isoDate(at index: Int) -> Found? {
        let parts = tokens[index].word.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 2 || parts.count == 3, parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count <= 2 }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        if parts.count == 2 {
            return calendar.month(year, month).map { Found(start: $0.start, end: $0.end, length: 1) }
        }
        guard let day = Int(parts[2]) else { return nil }
        return calendar.day(year, month, day).map { Found(start: $0.start, end: $0.end, length: 1) }
    }

    /// `8 May 2023`, `8th of May`, `the 8th of May, 2023`.
    private func dayFirstDate(at index: Int) -> Found? {
        guard let day = dayNumber(at: index) else { return nil }
        var next = index + 1
        if word(at: next) == "of" { next += 1 }
        guard let (month, length) = monthName(at: next) else { return nil }
        return date(day: day, month: month, yearAt: next + length, from: index)
    }

    /// `May 8, 2023`, `May 8th`, `May 2023`.
    private func monthFirstDate(at index: Int) -> Found? {
        // After a day number this is a day-first date, and one that did not resolve (31 April)
        // is no date, not the month around it.
        guard !hasDay(before: index), let (month, length) = monthName(at: index) else { return nil }
        if let day = dayNumber(at: index + length) {
            return date(day: day, month: month, yearAt: index + length + 1, from: index)
        }
        guard let year = year(at: index + length), let span = calendar.month(year, month) else { return nil }
        return Found(start: span.start, end: span.end, length: length + 1)
    }

    /// The day `day` `month`, in the year written at `yearAt`, else the most recent such day up
    /// to today (29 February: the most recent leap year's).
    private func date(day: Int, month: Int, yearAt: Int, from index: Int) -> Found? {
        if let year = year(at: yearAt) {
            return calendar.day(year, month, day).map {
                Found(start: $0.start, end: $0.end, length: yearAt + 1 - index)
            }
        }
        let today = calendar.parts(of: now)
        for year in stride(from: today.year, through: today.year - 8, by: -1) {
            guard let span = calendar.day(year, month, day), span.start <= now else { continue }
            return Found(start: span.start, end: span.end, length: yearAt - index)
        }
        return nil
    }

    // MARK: - Months, weekdays and units counted from now

    /// `last May`, `this May`, `next May`.
    private func steppedMonth(at index: Int) -> Found? {
        guard let (step, length) = step(at: index), let (month, nameLength) = monthName(at: index + length) else {
            return nil
        }
        let today = calendar.parts(of: now)
        let year: Int =
            switch step {
            case ..<0: month < today.month ? today.year : today.year - 1
            case 0: today.year
            default: month > today.month ? today.year : today.year + 1
            }
        return calendar.month(year, month).map { Found(start: $0.start, end: $0.end, length: length + nameLength) }
    }

    /// `last Friday` (the most recent before today), `this Friday` (this week's), `next Friday`
    /// (the first after today), each with an optional part of the day.
    private func steppedWeekday(at index: Int) -> Found? {
        guard let (step, length) = step(at: index), let (weekday, nameLength) = weekdayName(at: index + length)
        else { return nil }
        let today = calendar.isoWeekday(of: now)
        let offset: Int =
            switch step {
            case ..<0: -((today - weekday + 6) % 7 + 1)
            case 0: weekday - today
            default: (weekday - today + 6) % 7 + 1
            }
        return withPartOfDay(dayOffset: offset, from: index, length: length + nameLength)
    }

    /// `Friday`, `on Friday`: the most recent Friday up to today.
    private func weekday(at index: Int) -> Found? {
        guard let (weekday, length) = weekdayName(at: index) else { return nil }
        let offset = -((calendar.isoWeekday(of: now) - weekday + 7) % 7)
        return withPartOfDay(dayOffset: offset, from: index, length: length)
    }

    /// `this morning`, `last night`, `this evening`.
    private func partOfDay(at index: Int) -> Found? {
        guard let (value, length) = lexicon.value("this-part-of-day", in: tokens, at: index), let days = Int(value),
            let (hours, partLength) = partOfDayHours(at: index + length)
        else { return nil }
        let day = calendar.span(of: .day, containing: calendar.adding(days, .day, to: now)).start
        return Found(
            start: day.addingTimeInterval(hours.lowerBound * 3600),
            end: day.addingTimeInterval(hours.upperBound * 3600),
            length: length + partLength)
    }

    /// `yesterday`, `today`, `the day before yesterday`, `yesterday morning`.
    private func dayOffset(at index: Int) -> Found? {
        guard let (value, length) = lexicon.value("day-offset", in: tokens, at: index), let days = Int(value) else {
            return nil
        }
        return withPartOfDay(dayOffset: days, from: index, length: length)
    }

    /// The day `dayOffset` days from today, or its morning, afternoon, evening or night when the
    /// words after `length` name one.
    private func withPartOfDay(dayOffset: Int, from index: Int, length: Int) -> Found {
        let day = calendar.span(of: .day, containing: calendar.adding(dayOffset, .day, to: now))
        if let (hours, partLength) = partOfDayHours(at: index + length) {
            return Found(
                start: day.start.addingTimeInterval(hours.lowerBound * 3600),
                end: day.start.addingTimeInterval(hours.upperBound * 3600), length: length + partLength)
        }
        return Found(start: day.start, end: day.end, length: length)
    }

    /// `last week`, `this month`, `next year`, `last weekend`: the whole unit.
    private func steppedUnit(at index: Int) -> Found? {
        guard let (step, length) = step(at: index), let (unit, unitLength) = unit(at: index + length), unit != .day,
            unit != .hour, unit != .minute
        else { return nil }
        let span = calendar.span(of: unit, containing: calendar.adding(step, unit, to: now))
        return Found(start: span.start, end: span.end, length: length + unitLength)
    }

    /// `the past week`, `the last 3 days`, `past two months`: the time up to now.
    private func rolling(at index: Int) -> Found? {
        guard lexicon.has("rolling", in: tokens, at: index) else { return nil }
        var next = index + 1
        var units = 1
        if let (_, high, length) = count(at: next) {
            units = high
            next += length
        } else if word(at: index) != "past" {
            return nil  // "last week" is the calendar week before this one
        }
        guard let (unit, unitLength) = unit(at: next) else { return nil }
        return Found(start: calendar.adding(-units, unit, to: now), end: now, length: next + unitLength - index)
    }

    /// `3 days ago`, `two years ago`, `a few weeks back`: the unit (or units) that long ago.
    private func ago(at index: Int) -> Found? {
        guard let (low, high, length) = count(at: index), let (unit, unitLength) = unit(at: index + length),
            lexicon.has("ago", in: tokens, at: index + length + unitLength)
        else { return nil }
        let latest = calendar.span(of: unit, containing: calendar.adding(-low, unit, to: now))
        let earliest = calendar.span(of: unit, containing: calendar.adding(-high, unit, to: now))
        return Found(start: earliest.start, end: latest.end, length: length + unitLength + 1)
    }

    /// `in May`, `during March`, `of June`, `in 2023`: a month name or a year after a context
    /// word. A month without a year is the most recent one that has begun.
    private func contextMonthOrYear(at index: Int) -> Found? {
        guard index > 0, isContext(before: index) else { return nil }
        if let year = year(at: index), let span = calendar.year(year) {
            return Found(start: span.start, end: span.end, length: 1)
        }
        guard let (month, length) = monthName(at: index) else { return nil }
        let today = calendar.parts(of: now)
        let year = month <= today.month ? today.year : today.year - 1
        return calendar.month(year, month).map { Found(start: $0.start, end: $0.end, length: length) }
    }

    /// `recently`, `lately`, `the other day`: the days up to now.
    private func recent(at index: Int) -> Found? {
        guard let (value, length) = lexicon.value("recent", in: tokens, at: index), let days = Int(value) else {
            return nil
        }
        return Found(start: calendar.adding(-days, .day, to: now), end: now, length: length)
    }
}

extension TimeScan {
    // MARK: - Words

    fileprivate func word(at index: Int) -> String? { index < tokens.count ? tokens[index].word : nil }

    /// A day of the month: `8`, `8th`, `1st`, `22nd`, `3rd`.
    fileprivate func dayNumber(at index: Int) -> Int? {
        guard var word = word(at: index) else { return nil }
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            word.removeLast(2)
            break
        }
        guard (1...2).contains(word.count), word.allSatisfy(\.isASCII), let day = Int(word), (1...31).contains(day)
        else { return nil }
        return day
    }

    /// Whether a day number (`8`, `8th of`) stands just before `index`.
    fileprivate func hasDay(before index: Int) -> Bool {
        (index > 0 && dayNumber(at: index - 1) != nil)
            || (index > 1 && word(at: index - 1) == "of" && dayNumber(at: index - 2) != nil)
    }

    /// A four-digit year from 1800 to 2200.
    fileprivate func year(at index: Int) -> Int? {
        guard let word = word(at: index), word.count == 4, word.allSatisfy(\.isASCII), let year = Int(word),
            (1800...2200).contains(year)
        else { return nil }
        return year
    }

    /// A month name that is a month here: next to a day or year number, or after a context word.
    fileprivate func monthName(at index: Int) -> (month: Int, length: Int)? {
        guard let (value, length) = lexicon.value("month", in: tokens, at: index), let month = Int(value) else {
            return nil
        }
        let numbered = dayNumber(at: index + length) != nil || year(at: index + length) != nil || hasDay(before: index)
        guard numbered || isContext(before: index) else { return nil }
        return (month, length)
    }

    /// Whether the words just before `index` make a month name or year there a date: a context
    /// word ("in", "during"), a step ("last"), or an anchor ("before").
    fileprivate func isContext(before index: Int) -> Bool {
        for section in ["month-context", "step", "anchor"] {
            for entry in lexicon.sectionEntries(section) where entry.words.count <= index {
                let start = index - entry.words.count
                if zip(entry.words, tokens[start..<index]).allSatisfy({ $0 == $1.word }) { return true }
            }
        }
        return false
    }

    fileprivate func weekdayName(at index: Int) -> (weekday: Int, length: Int)? {
        guard let (value, length) = lexicon.value("weekday", in: tokens, at: index), let day = Int(value),
            (1...7).contains(day)
        else { return nil }
        return (day, length)
    }

    fileprivate func step(at index: Int) -> (step: Int, length: Int)? {
        guard let (value, length) = lexicon.value("step", in: tokens, at: index), let step = Int(value) else {
            return nil
        }
        return (step, length)
    }

    fileprivate func unit(at index: Int) -> (unit: TimeUnit, length: Int)? {
        guard let (value, length) = lexicon.value("unit", in: tokens, at: index), let unit = TimeUnit(rawValue: value)
        else { return nil }
        return (unit, length)
    }

    /// Hours of a part of the day (`5-12`), from its midnight.
    fileprivate func partOfDayHours(at index: Int) -> (hours: ClosedRange<Double>, length: Int)? {
        guard let (value, length) = lexicon.value("part-of-day", in: tokens, at: index),
            let range = Self.range(value)
        else { return nil }
        return (Double(range.lowerBound)...Double(range.upperBound), length)
    }

    /// A count: digits (1 to 1000) or a number word; "a few" is a range.
    fileprivate func count(at index: Int) -> (low: Int, high: Int, length: Int)? {
        if let word = word(at: index), word.count <= 4, word.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(word), (1...1000).contains(number)
        {
            return (number, number, 1)
        }
        guard let (value, length) = lexicon.value("number", in: tokens, at: index), let range = Self.range(value)
        else { return nil }
        return (range.lowerBound, range.upperBound, length)
    }

    /// `3` as 3…3, `2-5` as 2…5.
    fileprivate static func range(_ value: String) -> ClosedRange<Int>? {
        let parts = value.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let low = parts.first, let high = parts.last, parts.count <= 2, low <= high else { return nil }
        return low...high
    }
}

extension TimeLexicon {
    /// The entries of `section` (none when the files have no such section).
    func sectionEntries(_ section: String) -> [Entry] { sections[section] ?? [] }
}
