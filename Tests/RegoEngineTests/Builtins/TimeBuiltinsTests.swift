import Testing
import RegoValue
@testable import RegoEngine

/// The time builtins beyond OPA's conformance cases (which the ratchet runs): values worked out by
/// hand with a calendar, time zones, and the errors.
@Suite struct TimeBuiltinsTests {
    /// 2021-03-28T00:30:00Z: the night Europe/Paris moves from +01:00 to +02:00 (at 01:00 UTC).
    static let beforeParisDST = 1_616_891_400_000_000_000

    @Test func rfc3339() throws {
        #expect(try call("time.parse_rfc3339_ns", "1970-01-01T00:00:00Z") == 0)
        #expect(try call("time.parse_rfc3339_ns", "1970-01-01T01:00:00+01:00") == 0)
        #expect(try call("time.parse_rfc3339_ns", "1969-12-31T23:59:59.5Z") == -500_000_000)
        #expect(try call("time.parse_rfc3339_ns", "2020-02-29T12:00:00.000000001Z") == 1_582_977_600_000_000_001)
        // Digits past the ninth are dropped, as Go reads them.
        #expect(try call("time.parse_rfc3339_ns", "1970-01-01T00:00:00.1234567899Z") == 123_456_789)
        #expect(callError("time.parse_rfc3339_ns", "2021-02-29T00:00:00Z")?.message.hasSuffix("day out of range") == true)
        #expect(callError("time.parse_rfc3339_ns", "2021-01-01 00:00:00Z")?.message.hasSuffix("expected \"T\" at byte 11") == true)
        #expect(callError("time.parse_rfc3339_ns", "2021-01-01T00:00:00")?.message.contains("expected \"Z\" or an offset") == true)
        #expect(callError("time.parse_rfc3339_ns", "2021-01-01T00:00:00Zjunk")?.message.hasSuffix("extra text \"junk\"") == true)
        #expect(callError("time.parse_rfc3339_ns", "9999-01-01T00:00:00Z")?.message == "time outside of valid range")
        // Strict, as Go: none of the decision log's leniencies.
        for text in ["2021-01-01 00:00:00Z", "2021-01-01t00:00:00Z", "2021-01-01T00:00:00z", "2021-01-01T23:59:60Z"] {
            #expect(callError("time.parse_rfc3339_ns", .string(text)) != nil, "\(text)")
        }
    }

    @Test func durations() throws {
        #expect(try call("time.parse_duration_ns", "1h30m") == 5_400_000_000_000)
        #expect(try call("time.parse_duration_ns", "-1.5h") == -5_400_000_000_000)
        #expect(try call("time.parse_duration_ns", "1.5us") == 1_500)
        #expect(try call("time.parse_duration_ns", "2µs") == 2_000)
        #expect(try call("time.parse_duration_ns", "0") == 0)
        #expect(try call("time.parse_duration_ns", ".5s") == 500_000_000)
        #expect(callError("time.parse_duration_ns", "")?.message == "time: invalid duration \"\"")
        #expect(callError("time.parse_duration_ns", "10")?.message == "time: missing unit in duration \"10\"")
        #expect(callError("time.parse_duration_ns", "3d")?.message == "time: unknown unit \"d\" in duration \"3d\"")
        #expect(callError("time.parse_duration_ns", "3000000h")?.message == "time: invalid duration \"3000000h\"")
    }

    @Test func dateClockAndWeekdayInUTCAndZones() throws {
        let ns = Value.int(Self.beforeParisDST)
        #expect(try call("time.date", ns) == [2021, 3, 28])
        #expect(try call("time.clock", ns) == [0, 30, 0])
        #expect(try call("time.weekday", ns) == "Sunday")
        #expect(try call("time.clock", [ns, "Europe/Paris"]) == [1, 30, 0])
        // An hour later Paris is on summer time: 01:30 UTC is 03:30 there.
        #expect(try call("time.clock", [.int(Self.beforeParisDST + 3_600_000_000_000), "Europe/Paris"]) == [3, 30, 0])
        #expect(try call("time.date", [ns, "America/Los_Angeles"]) == [2021, 3, 27])
        #expect(try call("time.weekday", [ns, "America/Los_Angeles"]) == "Saturday")
        // Before the epoch: 1969-12-31T23:59:59.999999999Z.
        #expect(try call("time.date", -1) == [1969, 12, 31])
        #expect(try call("time.clock", -1) == [23, 59, 59])
        #expect(callError("time.date", [ns, "Mars/Olympus_Mons"])?.message == "unknown time zone Mars/Olympus_Mons")
        #expect(callError("time.date", big("9223372036854775808"))?.message == "timestamp too big")
    }

    @Test func addDateCarriesLikeGo() throws {
        // 2020-10-31T00:00:00Z plus one month: November 31 is December 1.
        let october31 = 1_604_102_400_000_000_000
        #expect(try call("time.add_date", .int(october31), 0, 1, 0) == .int(1_606_780_800_000_000_000))
        // 2020-02-29 plus one year: 2021-03-01.
        let leapDay = 1_582_934_400_000_000_000
        #expect(try call("time.add_date", .int(leapDay), 1, 0, 0) == .int(1_614_556_800_000_000_000))
        // Back across the epoch: 1970-01-01 minus one day.
        #expect(try call("time.add_date", 0, 0, 0, -1) == .int(-86_400_000_000_000))
        #expect(callError("time.add_date", 0, 300, 0, 0)?.message == "time outside of valid range")
        // The earliest and latest instants have a date and can move inwards, not outwards.
        #expect(try call("time.date", .int(Int.min)) == [1677, 9, 21])
        #expect(try call("time.clock", .int(Int.max)) == [23, 47, 16])
        #expect(try call("time.add_date", .int(Int.min), 0, 0, 1) == .int(Int.min + 86_400_000_000_000))
        #expect(callError("time.add_date", .int(Int.min), 0, 0, -1)?.message == "time outside of valid range")
        #expect(callError("time.add_date", .int(Int.max), 0, 0, 1)?.message == "time outside of valid range")
    }

    @Test func differenceBorrowsLikeACalendar() throws {
        let jan31 = try #require(try call("time.parse_rfc3339_ns", "2021-01-31T10:00:00Z"))
        let mar1 = try #require(try call("time.parse_rfc3339_ns", "2021-03-01T09:00:00Z"))
        // Field by field: 2 months, −30 days, −1 hour. The hour borrows a day (−31 days, 23 hours)
        // and the days borrow the first date's month, January's 31 days: 1 month, 0 days, 23 hours.
        #expect(try call("time.diff", jan31, mar1) == [0, 1, 0, 23, 0, 0])
        #expect(try call("time.diff", mar1, jan31) == [0, 1, 0, 23, 0, 0])
        // From February 2 the days borrow February's 28 (2021) or 29 (2020).
        let feb2021 = try #require(try call("time.parse_rfc3339_ns", "2021-02-02T00:00:00Z"))
        let mar2021 = try #require(try call("time.parse_rfc3339_ns", "2021-03-01T00:00:00Z"))
        #expect(try call("time.diff", feb2021, mar2021) == [0, 0, 27, 0, 0, 0])
        // The second instant is read in the first one's zone.
        #expect(try call("time.diff", [jan31, "Asia/Tokyo"], [jan31, "UTC"]) == [0, 0, 0, 0, 0, 0])
        let y2000 = try #require(try call("time.parse_rfc3339_ns", "2000-01-01T00:00:00Z"))
        let later = try #require(try call("time.parse_rfc3339_ns", "2003-04-05T06:07:08Z"))
        #expect(try call("time.diff", y2000, later) == [3, 3, 4, 6, 7, 8])
    }

    /// Strings made of the characters these parsers look at, in any order and length: each call
    /// returns a value or an error, never traps (a fraction of more than nine digits once did).
    @Test func parsersNeverTrapOnOddText() throws {
        let alphabet = Array("0123456789.-+:TZe kKmMiIbBsuh\"µ")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var seen = 0
        for _ in 0..<4_000 {
            let text = String((0..<(next() % 32)).map { _ in alphabet[next() % alphabet.count] })
            for name in ["units.parse", "units.parse_bytes", "time.parse_rfc3339_ns", "time.parse_duration_ns"] {
                _ = try? call(name, .string(text))
                seen += 1
            }
        }
        // A plausible timestamp with a long fraction and an offset, built the same way, parses.
        #expect(seen == 16_000)
        #expect(try call("time.parse_rfc3339_ns", "2000-01-01T00:00:00.9999999999999-00:30") == .int(946_686_600_999_999_999))
    }
}
