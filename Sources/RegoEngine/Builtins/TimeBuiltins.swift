import Foundation
import RegoValue

/// Time builtins, on nanoseconds since the Unix epoch as OPA counts them: `time.now_ns`, parsing
/// RFC 3339 timestamps and Go durations, formatting and parsing in Go's layouts (`GoTimeLayout`), the calendar date, clock and weekday of an instant (in UTC
/// or a named time zone: `[ns, "Europe/Paris"]`), adding years, months and days, and the calendar
/// difference of two instants.
enum TimeBuiltins {
    static let all: [Builtin] = [
        Builtin("time.now_ns", [], .number, category: "time", deterministic: false) { args in
            .int(Int(args.context.nowNanoseconds))
        },
        Builtin("time.parse_rfc3339_ns", [.string], .number, category: "time") { args throws(BuiltinError) in
            let text = try args.string(0)
            do throws(RFC3339.Failure) {
                return .int(try RFC3339.nanoseconds(text))
            } catch {
                throw .builtin(error.outOfRange ? error.reason : "parsing time \"\(text)\" as RFC 3339 (2006-01-02T15:04:05Z07:00): \(error.reason)")
            }
        },
        Builtin("time.parse_ns", [.string, .string], .number, category: "time") { args throws(BuiltinError) in
            .int(try GoTimeLayout(try args.string(0)).parse(try args.string(1)))
        },
        Builtin("time.format", [.oneOf([.number, .array])], .string, category: "time") { args throws(BuiltinError) in
            // `ns`, `[ns, zone]` or `[ns, zone, layout]`: a layout by Go's name for it or as an example.
            var value = args[0]
            var layout = GoTimeLayout.named["RFC3339Nano"]!
            if case .array(let parts) = value, parts.count == 3 {
                guard case .string(let text) = parts[2] else {
                    throw .type("operand 1 must be a number or an array of a number of nanoseconds, a time zone name and a layout")
                }
                layout = GoTimeLayout.named[text] ?? text
                value = .array(Array(parts.prefix(2)))
            }
            let instant = try Instant(value)
            return .string(GoTimeLayout(layout).format(instant.nanoseconds, offset: instant.offset, abbreviation: instant.abbreviation))
        },
        Builtin("time.parse_duration_ns", [.string], .number, category: "time") { args throws(BuiltinError) in
            .int(try GoDuration.nanoseconds(try args.string(0)))
        },
        Builtin("time.date", [.oneOf([.number, .array])], .array, category: "time") { args throws(BuiltinError) in
            let civil = try Instant(args[0]).civil
            return .array([.int(civil.year), .int(civil.month), .int(civil.day)])
        },
        Builtin("time.clock", [.oneOf([.number, .array])], .array, category: "time") { args throws(BuiltinError) in
            let civil = try Instant(args[0]).civil
            return .array([.int(civil.hour), .int(civil.minute), .int(civil.second)])
        },
        Builtin("time.weekday", [.oneOf([.number, .array])], .string, category: "time") { args throws(BuiltinError) in
            .string(CivilCalendar.weekdays[try Instant(args[0]).civil.weekday])
        },
        Builtin("time.add_date", [.number, .number, .number, .number], .number, category: "time") { args throws(BuiltinError) in
            let ns = try args.int(0), years = try args.int(1), months = try args.int(2), days = try args.int(3)
            return .int(try CivilCalendar.addDate(ns, years: years, months: months, days: days))
        },
        Builtin("time.diff", [.oneOf([.number, .array]), .oneOf([.number, .array])], .array, category: "time") { args throws(BuiltinError) in
            .array(try CivilCalendar.difference(try Instant(args[0]), try Instant(args[1])).map { .int($0) })
        },
    ]

    /// An instant and the time zone to read it in: a number of nanoseconds, or `[ns, zone]`.
    struct Instant {
        var nanoseconds: Int
        /// The time zone's name (`UTC`, `Local` or an IANA name).
        var zone: String
        /// Seconds east of UTC at this instant.
        var offset: Int

        init(_ value: Value) throws(BuiltinError) {
            switch value {
            case .number(let n):
                try self.init(nanoseconds: try Self.nanoseconds(n), zone: "UTC")
            case .array(let parts):
                guard parts.count == 2, case .number(let n) = parts[0], case .string(let zone) = parts[1] else {
                    throw .type("operand 1 must be a number or an array of a number of nanoseconds and a time zone name")
                }
                try self.init(nanoseconds: try Self.nanoseconds(n), zone: zone)
            default:
                throw .operand(1, expected: "number or array", got: value)
            }
        }

        init(nanoseconds: Int, zone: String) throws(BuiltinError) {
            self.nanoseconds = nanoseconds
            self.zone = zone
            offset = try Self.offset(of: zone, at: CivilCalendar.floorDivide(nanoseconds, 1_000_000_000))
        }

        private static func nanoseconds(_ n: Number) throws(BuiltinError) -> Int {
            if let i = n.exactInt { return i }
            if case .double(let d) = n, d.rounded() != d { throw .builtin("timestamp must be a whole number of nanoseconds") }
            throw .builtin("timestamp too big")
        }

        /// The zone's offset from UTC at `seconds` since the epoch: `UTC` or empty for UTC, `Local`
        /// for the machine's zone, else an IANA name read from the system's time zone database.
        static func offset(of zone: String, at seconds: Int) throws(BuiltinError) -> Int {
            guard let timeZone = try timeZone(zone) else { return 0 }
            return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }

        /// The zone `zone` names: nil for UTC (`UTC` or empty), the machine's for `Local`, else an
        /// IANA name from the system's time zone database; an unknown name is an error.
        static func timeZone(_ zone: String) throws(BuiltinError) -> TimeZone? {
            if zone.isEmpty || zone == "UTC" { return nil }
            guard let timeZone = zone == "Local" ? TimeZone.current : TimeZone(identifier: zone) else {
                throw .builtin("unknown time zone \(zone)")
            }
            return timeZone
        }

        /// The calendar fields of the instant in its zone.
        var civil: CivilCalendar.Civil { CivilCalendar.civil(nanoseconds, offset: offset) }

        /// The zone's abbreviation at this instant (`UTC`, `CET`; as the system's time zone database
        /// names it, which for some zones is an offset such as `GMT+5:30`).
        var abbreviation: String {
            // The zone was found when the instant was made (`offset`).
            guard let timeZone = (try? Self.timeZone(zone)) ?? nil else { return "UTC" }
            let date = Date(timeIntervalSince1970: Double(CivilCalendar.floorDivide(nanoseconds, 1_000_000_000)))
            return timeZone.abbreviation(for: date) ?? zone
        }
    }
}

/// Calendar fields of instants, and the arithmetic the time builtins do with them.
extension CivilCalendar {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    struct Civil {
        var year, month, day, hour, minute, second, nanosecond: Int
        /// 0 for Sunday.
        var weekday: Int
    }

    /// The calendar fields of `ns` nanoseconds since the epoch, `offset` seconds east of UTC.
    static func civil(_ ns: Int, offset: Int) -> Civil {
        let seconds = floorDivide(ns, 1_000_000_000) + offset
        // The remainder, not ns − seconds × 10⁹: that product overflows at the earliest instant.
        let remainder = ns % 1_000_000_000
        let nanosecond = remainder < 0 ? remainder + 1_000_000_000 : remainder
        let dayNumber = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - dayNumber * 86_400
        let (year, month, day) = date(days: dayNumber)
        let weekday = ((dayNumber + 4) % 7 + 7) % 7
        return Civil(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                     second: secondOfDay % 60, nanosecond: nanosecond, weekday: weekday)
    }

    /// `ns` moved by whole years, months and days in UTC, a day past a month's end carrying into the
    /// next month (October 31 plus one month is December 1), as Go's `AddDate`.
    static func addDate(_ ns: Int, years: Int, months: Int, days added: Int) throws(BuiltinError) -> Int {
        let c = civil(ns, offset: 0)
        let outside = BuiltinError.builtin("time outside of valid range")
        // Beyond these the result cannot be in range; checking first keeps the sums from overflowing.
        guard abs(years) < 1_000_000, abs(months) < 12_000_000, abs(added) < 400_000_000 else { throw outside }
        let monthIndex = c.month - 1 + months
        let year = c.year + years + floorDivide(monthIndex, 12)
        let month = monthIndex - floorDivide(monthIndex, 12) * 12 + 1
        let dayNumber = days(year: year, month: month, day: 1) + c.day - 1 + added
        let secondOfDay = c.hour * 3600 + c.minute * 60 + c.second
        guard let result = nanoseconds(days: dayNumber, secondOfDay: secondOfDay, nanosecond: c.nanosecond) else { throw outside }
        return result
    }

    /// Years, months, days, hours, minutes and seconds from the earlier instant to the later, both
    /// read in the first one's time zone.
    static func difference(_ a: TimeBuiltins.Instant, _ b: TimeBuiltins.Instant) throws(BuiltinError) -> [Int] {
        var first = civil(a.nanoseconds, offset: a.offset)
        let bInFirstZone = try TimeBuiltins.Instant(nanoseconds: b.nanoseconds, zone: a.zone)
        var second = civil(b.nanoseconds, offset: bInFirstZone.offset)
        if a.nanoseconds > b.nanoseconds { swap(&first, &second) }
        var year = second.year - first.year, month = second.month - first.month, day = second.day - first.day
        var hour = second.hour - first.hour, minute = second.minute - first.minute, secondCount = second.second - first.second
        if secondCount < 0 { secondCount += 60; minute -= 1 }
        if minute < 0 { minute += 60; hour -= 1 }
        if hour < 0 { hour += 24; day -= 1 }
        if day < 0 { day += daysInMonth(year: first.year, month: first.month); month -= 1 }
        if month < 0 { month += 12; year -= 1 }
        return [year, month, day, hour, minute, secondCount]
    }
}
