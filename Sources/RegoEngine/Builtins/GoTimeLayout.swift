#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RegoValue

/// Go's time layouts, for `time.format` and `time.parse_ns`: a layout is an example of the reference
/// time, Mon Jan 2 15:04:05 MST 2006 (`-0700`), whose elements stand for the fields of the time
/// formatted or parsed (`2006` the year, `01` the month as two digits, `Jan` its name, `.000` three
/// digits of fraction, `Z07:00` the zone offset or `Z` for UTC, ...); anything else is literal text.
struct GoTimeLayout {
    enum Element: Equatable {
        case literal(String)
        case longYear, year, longMonth, month, numMonth, zeroMonth, longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond, upperPM, lowerPM
        case zoneName
        /// A numeric zone: with `Z` for UTC when `iso`, hours always, then minutes and seconds as
        /// given, with colons when `colons`.
        case zone(iso: Bool, minutes: Bool, seconds: Bool, colons: Bool)
        /// A fraction of a second of `digits` digits after `separator`: exactly so many (`.000`), or
        /// at most so many without trailing zeros (`.999`).
        case fraction(separator: Character, digits: Int, trimmed: Bool)
    }

    let elements: [Element]
    /// The layout as written.
    let layout: String

    /// Go's named layouts, which `time.format` takes by name.
    static let named: [String: String] = [
        "ANSIC": "Mon Jan _2 15:04:05 2006", "UnixDate": "Mon Jan _2 15:04:05 MST 2006",
        "RubyDate": "Mon Jan 02 15:04:05 -0700 2006", "RFC822": "02 Jan 06 15:04 MST", "RFC822Z": "02 Jan 06 15:04 -0700",
        "RFC850": "Monday, 02-Jan-06 15:04:05 MST", "RFC1123": "Mon, 02 Jan 2006 15:04:05 MST",
        "RFC1123Z": "Mon, 02 Jan 2006 15:04:05 -0700", "RFC3339": "2006-01-02T15:04:05Z07:00",
        "RFC3339Nano": "2006-01-02T15:04:05.999999999Z07:00", "Kitchen": "3:04PM", "Stamp": "Jan _2 15:04:05",
        "StampMilli": "Jan _2 15:04:05.000", "StampMicro": "Jan _2 15:04:05.000000", "StampNano": "Jan _2 15:04:05.000000000",
        "DateTime": "2006-01-02 15:04:05", "DateOnly": "2006-01-02", "TimeOnly": "15:04:05",
    ]

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// The elements by the text that stands for each, longer texts before the shorter ones they begin with.
    static let table: [(String, Element)] = [
        ("January", .longMonth), ("Jan", .month), ("Monday", .longWeekDay), ("Mon", .weekDay), ("MST", .zoneName),
        ("2006", .longYear), ("01", .zeroMonth), ("02", .zeroDay), ("03", .zeroHour12), ("04", .zeroMinute),
        ("05", .zeroSecond), ("06", .year), ("002", .zeroYearDay), ("__2", .underYearDay), ("_2", .underDay),
        ("15", .hour), ("1", .numMonth), ("2", .day), ("3", .hour12), ("4", .minute), ("5", .second),
        ("PM", .upperPM), ("pm", .lowerPM),
        ("Z07:00:00", .zone(iso: true, minutes: true, seconds: true, colons: true)),
        ("-07:00:00", .zone(iso: false, minutes: true, seconds: true, colons: true)),
        ("Z070000", .zone(iso: true, minutes: true, seconds: true, colons: false)),
        ("-070000", .zone(iso: false, minutes: true, seconds: true, colons: false)),
        ("Z07:00", .zone(iso: true, minutes: true, seconds: false, colons: true)),
        ("-07:00", .zone(iso: false, minutes: true, seconds: false, colons: true)),
        ("Z0700", .zone(iso: true, minutes: true, seconds: false, colons: false)),
        ("-0700", .zone(iso: false, minutes: true, seconds: false, colons: false)),
        ("Z07", .zone(iso: true, minutes: false, seconds: false, colons: false)),
        ("-07", .zone(iso: false, minutes: false, seconds: false, colons: false)),
    ]

    /// The layout's elements, found as Go finds them: at each place the longest element that begins
    /// there (`January` before `Jan`, `2006` before `2`, `-07:00:00` before `-07`).
    init(_ layout: String) {
        let text = Array(layout)
        var elements: [Element] = []
        var literal = ""
        var i = 0
        func has(_ token: String) -> Bool {
            var j = i
            for c in token {
                guard j < text.count, text[j] == c else { return false }
                j += 1
            }
            return true
        }
        scan: while i < text.count {
            let c = text[i]
            if (c == "." || c == ","), i + 1 < text.count, text[i + 1] == "0" || text[i + 1] == "9" {
                let digit = text[i + 1]
                var j = i + 1
                while j < text.count && text[j] == digit { j += 1 }
                if j == text.count || !text[j].isNumber {
                    if !literal.isEmpty { elements.append(.literal(literal)); literal = "" }
                    elements.append(.fraction(separator: c, digits: j - i - 1, trimmed: digit == "9"))
                    i = j
                    continue
                }
            }
            // `_2006` is a literal `_` and the year, as in Go, not `_2` (the day) and `006`.
            if has("_2006") {
                literal.append("_")
                i += 1
                continue
            }
            for (token, element) in Self.table where has(token) {
                if !literal.isEmpty { elements.append(.literal(literal)); literal = "" }
                elements.append(element)
                i += token.count
                continue scan
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        self.elements = elements
        self.layout = layout
    }

    /// The instant `ns` (nanoseconds since the epoch) written in the layout, `offset` seconds east
    /// of UTC, in a zone abbreviated `abbreviation`.
    func format(_ ns: Int, offset: Int, abbreviation: String) -> String {
        let c = CivilCalendar.civil(ns, offset: offset)
        func pad(_ n: Int, _ width: Int, _ fill: Character = "0") -> String {
            let digits = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: fill, count: max(0, width - digits.count)) + digits
        }
        let yearDay = CivilCalendar.days(year: c.year, month: c.month, day: c.day) - CivilCalendar.days(year: c.year, month: 1, day: 1) + 1
        var out = ""
        for element in elements {
            switch element {
            case .literal(let text): out += text
            case .longYear: out += pad(c.year, 4)
            case .year: out += pad(((c.year % 100) + 100) % 100, 2)
            case .longMonth: out += Self.months[c.month - 1]
            case .month: out += String(Self.months[c.month - 1].prefix(3))
            case .numMonth: out += String(c.month)
            case .zeroMonth: out += pad(c.month, 2)
            case .longWeekDay: out += CivilCalendar.weekdays[c.weekday]
            case .weekDay: out += String(CivilCalendar.weekdays[c.weekday].prefix(3))
            case .day: out += String(c.day)
            case .underDay: out += pad(c.day, 2, " ")
            case .zeroDay: out += pad(c.day, 2)
            case .underYearDay: out += pad(yearDay, 3, " ")
            case .zeroYearDay: out += pad(yearDay, 3)
            case .hour: out += pad(c.hour, 2)
            case .hour12: out += String(c.hour % 12 == 0 ? 12 : c.hour % 12)
            case .zeroHour12: out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2)
            case .minute: out += String(c.minute)
            case .zeroMinute: out += pad(c.minute, 2)
            case .second: out += String(c.second)
            case .zeroSecond: out += pad(c.second, 2)
            case .upperPM: out += c.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += c.hour >= 12 ? "pm" : "am"
            case .zoneName: out += abbreviation
            case .zone(let iso, let minutes, let seconds, let colons):
                if iso && offset == 0 { out += "Z"; continue }
                let magnitude = abs(offset)
                out += (offset < 0 ? "-" : "+") + pad(magnitude / 3600, 2)
                if minutes { out += (colons ? ":" : "") + pad(magnitude / 60 % 60, 2) }
                if seconds { out += (colons ? ":" : "") + pad(magnitude % 60, 2) }
            case .fraction(let separator, let digits, let trimmed):
                var text = String(pad(c.nanosecond, 9).prefix(digits))
                if trimmed {
                    while text.last == "0" { text.removeLast() }
                    if text.isEmpty { continue }
                }
                out += String(separator) + text
            }
        }
        return out
    }

    /// The instant `value` stands for in the layout, in nanoseconds since the epoch; fields the
    /// layout leaves out are zero (or one: January 1 of year 0), a time without a zone is UTC.
    func parse(_ value: String) throws(BuiltinError) -> Int {
        let text = Array(value)
        var i = 0
        var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanosecond = 0, offset = 0
        var pm: Bool?
        var yearDay: Int?
        func fail(_ why: String) -> BuiltinError { .builtin("cannot parse \"\(value)\" as \"\(layout)\": \(why)") }
        func number(_ minDigits: Int, _ maxDigits: Int, _ field: String) throws(BuiltinError) -> Int {
            var j = i
            while j < text.count, j - i < maxDigits, text[j].isASCII, text[j].isNumber { j += 1 }
            guard j - i >= minDigits, let n = Int(String(text[i..<j])) else { throw fail("expected \(field) at \"\(String(text[i...]))\"") }
            i = j
            return n
        }
        /// Digits of a fraction of a second: exactly `digits`, or any number of them (nine kept).
        func fraction(_ digits: Int, exact: Bool) throws(BuiltinError) -> Int {
            var j = i
            while j < text.count, text[j].isASCII, text[j].isNumber { j += 1 }
            guard j > i, !exact || j - i == digits else { throw fail("expected \(digits) digits of a fraction of a second") }
            let kept = String(text[i..<min(j, i + 9)])
            i = j
            return Int(kept + String(repeating: "0", count: 9 - kept.count)) ?? 0
        }
        func name(_ names: [String], _ field: String) throws(BuiltinError) -> Int {
            for (index, candidate) in names.enumerated() {
                let chars = Array(candidate.lowercased())
                if i + chars.count <= text.count, Array(String(text[i..<(i + chars.count)]).lowercased()) == chars {
                    i += chars.count
                    return index
                }
            }
            throw fail("expected \(field) at \"\(String(text[i...]))\"")
        }
        for (index, element) in elements.enumerated() {
            switch element {
            case .literal(let literal):
                let chars = Array(literal)
                guard i + chars.count <= text.count, Array(text[i..<(i + chars.count)]) == chars else {
                    throw fail("expected \"\(literal)\" at \"\(String(text[i...]))\"")
                }
                i += chars.count
            case .longYear: year = try number(4, 4, "a four-digit year")
            case .year:
                let short = try number(2, 2, "a two-digit year")
                year = short >= 69 ? 1900 + short : 2000 + short
            case .longMonth: month = try name(Self.months, "a month") + 1
            case .month: month = try name(Self.months.map { String($0.prefix(3)) }, "a month") + 1
            case .numMonth: month = try number(1, 2, "a month")
            case .zeroMonth: month = try number(2, 2, "a month")
            case .longWeekDay: _ = try name(CivilCalendar.weekdays, "a weekday")
            case .weekDay: _ = try name(CivilCalendar.weekdays.map { String($0.prefix(3)) }, "a weekday")
            case .day: day = try number(1, 2, "a day")
            case .underDay:
                if i < text.count && text[i] == " " { i += 1 }
                day = try number(1, 2, "a day")
            case .zeroDay: day = try number(2, 2, "a day")
            case .underYearDay:
                while i < text.count && text[i] == " " { i += 1 }
                yearDay = try number(1, 3, "a day of the year")
            case .zeroYearDay: yearDay = try number(3, 3, "a day of the year")
            case .hour: hour = try number(1, 2, "an hour")
            case .hour12: hour = try number(1, 2, "an hour")
            case .zeroHour12: hour = try number(2, 2, "an hour")
            case .minute: minute = try number(1, 2, "a minute")
            case .zeroMinute: minute = try number(2, 2, "a minute")
            case .second, .zeroSecond:
                second = try number(element == .second ? 1 : 2, 2, "a second")
                // A fraction may follow the seconds where the layout has none next, as in Go.
                var fractionNext = false
                if index + 1 < elements.count, case .fraction = elements[index + 1] { fractionNext = true }
                if !fractionNext, i + 1 < text.count, text[i] == "." || text[i] == ",", text[i + 1].isASCII, text[i + 1].isNumber {
                    i += 1
                    nanosecond = try fraction(9, exact: false)
                }
            case .upperPM, .lowerPM:
                let half = try name(["AM", "PM"], "AM or PM")
                pm = half == 1
            case .zoneName:
                var j = i
                while j < text.count, text[j].isLetter, text[j].isUppercase { j += 1 }
                guard j - i >= 3 else { throw fail("expected a time zone abbreviation at \"\(String(text[i...]))\"") }
                // An abbreviation gives no offset (Go keeps a zero offset for one it does not know).
                i = j
            case .zone(let iso, let minutes, let seconds, let colons):
                if iso && i < text.count && text[i] == "Z" { i += 1; offset = 0; continue }
                guard i < text.count, text[i] == "+" || text[i] == "-" else { throw fail("expected a time zone offset at \"\(String(text[i...]))\"") }
                let sign = text[i] == "-" ? -1 : 1
                i += 1
                var total = try number(2, 2, "the hours of a time zone offset") * 3600
                for (wanted, scale) in [(minutes, 60), (seconds, 1)] where wanted {
                    if colons {
                        guard i < text.count, text[i] == ":" else { throw fail("expected \":\" in a time zone offset") }
                        i += 1
                    }
                    total += try number(2, 2, "a time zone offset") * scale
                }
                offset = sign * total
            case .fraction(let separator, let digits, let trimmed):
                if trimmed {
                    // Optional: the separator and any digits.
                    guard i < text.count, text[i] == separator else { continue }
                    i += 1
                    nanosecond = try fraction(9, exact: false)
                } else {
                    guard i < text.count, text[i] == separator else { throw fail("expected \"\(separator)\" and \(digits) digits") }
                    i += 1
                    nanosecond = try fraction(digits, exact: true)
                }
            }
        }
        guard i == text.count else { throw fail("extra text \"\(String(text[i...]))\"") }
        if let pm {
            guard (1...12).contains(hour) else { throw fail("hour out of range") }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        if let yearDay {
            guard (1...(CivilCalendar.daysInMonth(year: year, month: 2) == 29 ? 366 : 365)).contains(yearDay) else {
                throw fail("day of the year out of range")
            }
            let date = CivilCalendar.date(days: CivilCalendar.days(year: year, month: 1, day: 1) + yearDay - 1)
            month = date.month
            day = date.day
        }
        guard (1...12).contains(month) else { throw fail("month out of range") }
        guard (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day) else { throw fail("day out of range") }
        guard hour < 24 else { throw fail("hour out of range") }
        guard minute < 60 else { throw fail("minute out of range") }
        guard second < 60 else { throw fail("second out of range") }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        guard let ns = CivilCalendar.nanoseconds(days: days, secondOfDay: hour * 3600 + minute * 60 + second - offset, nanosecond: nanosecond) else {
            throw .builtin("time outside of valid range: \(value)")
        }
        return ns
    }
}
