/// RFC 3339 timestamps, `2006-01-02T15:04:05Z` with an optional fraction of a second and `Z` or a
/// `±hh:mm` offset, as nanoseconds since the Unix epoch: for `time.parse_rfc3339_ns` (strict, as
/// Go reads them) and for the decision log's records and filters (lenient: `t` or a space between
/// date and time, `z`, a leap second).
public enum RFC3339 {
    /// Why a text is not a timestamp.
    public struct Failure: Error, Sendable {
        /// What is wrong, for a message: `day out of range`, `expected "T" at byte 11`.
        public var reason: String
        /// A well-formed timestamp before 1677-09-21 or after 2262-04-11 (outside 64-bit nanoseconds).
        public var outOfRange: Bool
    }

    public static func nanoseconds(_ text: String, lenient: Bool = false) throws(Failure) -> Int {
        let b = Array(text.utf8)
        func fail(_ reason: String) -> Failure { Failure(reason: reason, outOfRange: false) }
        func number(_ at: Int, _ width: Int, _ field: String) throws(Failure) -> Int {
            guard at + width <= b.count else { throw fail("the \(field) is missing") }
            var value = 0
            for i in at..<(at + width) {
                guard b[i] >= 48, b[i] <= 57 else { throw fail("the \(field) must be \(width) digits") }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        func expect(_ at: Int, _ c: Character, or others: String = "") throws(Failure) {
            guard at < b.count, b[at] == c.asciiValue! || (lenient && others.utf8.contains(b[at])) else {
                throw fail("expected \"\(c)\" at byte \(at + 1)")
            }
        }
        let year = try number(0, 4, "year")
        try expect(4, "-")
        let month = try number(5, 2, "month")
        try expect(7, "-")
        let day = try number(8, 2, "day")
        try expect(10, "T", or: "t ")
        let hour = try number(11, 2, "hour")
        try expect(13, ":")
        let minute = try number(14, 2, "minute")
        try expect(16, ":")
        let second = try number(17, 2, "second")
        guard (1...12).contains(month) else { throw fail("month out of range") }
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { throw fail("day out of range") }
        guard hour < 24 else { throw fail("hour out of range") }
        guard minute < 60 else { throw fail("minute out of range") }
        guard second < (lenient ? 61 : 60) else { throw fail("second out of range") }
        var i = 19
        var nanosecond = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanosecond = nanosecond * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { throw fail("a fraction of a second needs digits") }
            for _ in min(digits, 9)..<9 { nanosecond *= 10 }
        }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "Z") || (lenient && b[i] == UInt8(ascii: "z")) {
            i += 1
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            let hours = try number(i + 1, 2, "offset's hours")
            try expect(i + 3, ":")
            let minutes = try number(i + 4, 2, "offset's minutes")
            guard hours < 24, minutes < 60 else { throw fail("time zone offset out of range") }
            offset = sign * (hours * 3600 + minutes * 60)
            i += 6
        } else {
            throw fail("expected \"Z\" or an offset such as \"+02:00\" after the time")
        }
        guard i == b.count else { throw fail("extra text \"\(String(decoding: b[i...], as: UTF8.self))\"") }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let secondOfDay = hour * 3600 + minute * 60 + second - offset
        guard let ns = CivilCalendar.nanoseconds(days: days, secondOfDay: secondOfDay, nanosecond: nanosecond) else {
            throw Failure(reason: "time outside of valid range", outOfRange: true)
        }
        return ns
    }
}
