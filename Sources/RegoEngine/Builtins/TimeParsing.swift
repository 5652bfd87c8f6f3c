import RegoValue

/// RFC 3339 timestamps as `time.parse_rfc3339_ns` reads them: `2006-01-02T15:04:05Z`, with an
/// optional fraction of a second and `Z` or a `±hh:mm` offset.
enum RFC3339 {
    static func nanoseconds(_ text: String) throws(BuiltinError) -> Int {
        let b = Array(text.utf8)
        func fail(_ reason: String) -> BuiltinError {
            .builtin("parsing time \"\(text)\" as RFC 3339 (2006-01-02T15:04:05Z07:00): \(reason)")
        }
        func number(_ at: Int, _ width: Int, _ field: String) throws(BuiltinError) -> Int {
            guard at + width <= b.count else { throw fail("the \(field) is missing") }
            var value = 0
            for i in at..<(at + width) {
                guard b[i] >= 48, b[i] <= 57 else { throw fail("the \(field) must be \(width) digits") }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        func expect(_ at: Int, _ c: Character) throws(BuiltinError) {
            guard at < b.count, b[at] == c.asciiValue! else { throw fail("expected \"\(c)\" at byte \(at + 1)") }
        }
        let year = try number(0, 4, "year")
        try expect(4, "-")
        let month = try number(5, 2, "month")
        try expect(7, "-")
        let day = try number(8, 2, "day")
        try expect(10, "T")
        let hour = try number(11, 2, "hour")
        try expect(13, ":")
        let minute = try number(14, 2, "minute")
        try expect(16, ":")
        let second = try number(17, 2, "second")
        guard (1...12).contains(month) else { throw fail("month out of range") }
        guard day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month) else { throw fail("day out of range") }
        guard hour < 24 else { throw fail("hour out of range") }
        guard minute < 60 else { throw fail("minute out of range") }
        guard second < 60 else { throw fail("second out of range") }
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
        if i < b.count, b[i] == UInt8(ascii: "Z") {
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
            throw .builtin("time outside of valid range")
        }
        return ns
    }
}

/// Go's duration syntax as `time.parse_duration_ns` reads it: `"300ms"`, `"-1.5h"`, `"2h45m"`,
/// with the units ns, us (or µs), ms, s, m and h.
enum GoDuration {
    static func nanoseconds(_ text: String) throws(BuiltinError) -> Int {
        let invalid = BuiltinError.builtin("time: invalid duration \"\(text)\"")
        var rest = Substring(text)
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            negative = first == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { throw invalid }
        var exact = 0
        while !rest.isEmpty {
            let whole = rest.prefix(while: { $0.isASCII && $0.isNumber })
            rest = rest.dropFirst(whole.count)
            var fraction = Substring("")
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: { $0.isASCII && $0.isNumber })
                rest = rest.dropFirst(fraction.count)
            }
            guard !whole.isEmpty || !fraction.isEmpty else { throw invalid }
            let unitText = rest.prefix(while: { !($0.isASCII && ($0.isNumber || $0 == ".")) })
            rest = rest.dropFirst(unitText.count)
            guard !unitText.isEmpty else { throw .builtin("time: missing unit in duration \"\(text)\"") }
            guard let unit = units[String(unitText)] else { throw .builtin("time: unknown unit \"\(unitText)\" in duration \"\(text)\"") }
            guard let wholeValue = Int(whole.isEmpty ? "0" : whole) else { throw invalid }
            let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: unit)
            if overflow { throw invalid }
            let (sum, overflow2) = exact.addingReportingOverflow(scaled)
            if overflow2 { throw invalid }
            exact = sum
            if !fraction.isEmpty {
                let digits = fraction.prefix(18)
                let value = Double(Int(digits) ?? 0) / pow10(digits.count)
                let (withFraction, overflow3) = exact.addingReportingOverflow(Int(value * Double(unit)))
                if overflow3 { throw invalid }
                exact = withFraction
            }
        }
        return negative ? -exact : exact
    }

    static let units: [String: Int] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }
        return value
    }
}
