import Testing
import RegoValue
@testable import RegoEngine

/// `time.format` and `time.parse_ns` in Go's layouts, beyond OPA's conformance cases (which the
/// ratchet runs): every element of a layout, named layouts, zones, fractions, and parse errors.
@Suite struct GoTimeLayoutTests {
    /// 2022-12-02T18:40:53.141828752Z, a Friday, day 336 of the year.
    let instant = 1_670_006_453_141_828_752

    func format(_ zone: String, _ layout: String) throws -> Value? {
        try call("time.format", [.number(.int(instant)), .string(zone), .string(layout)])
    }

    @Test func everyElementIsWrittenAsGoWritesIt() throws {
        #expect(try format("UTC", "2006 06 January Jan 1 01 Monday Mon 2 _2 02 __2 002") == "2022 22 December Dec 12 12 Friday Fri 2  2 02 336 336")
        #expect(try format("UTC", "15 3 03 4 04 5 05 PM pm MST") == "18 6 06 40 40 53 53 PM pm UTC")
        #expect(try format("UTC", "v_2006_01") == "v_2022_12")
        #expect(try format("UTC", "Z07:00 Z0700 Z07 -07:00 -0700 -07 -07:00:00") == "Z Z Z +00:00 +0000 +00 +00:00:00")
        #expect(try format("Asia/Kolkata", "15:04 Z07:00 -0700 Z07:00:00") == "00:10 +05:30 +0530 +05:30:00")
        #expect(try format("America/St_Johns", "-07:00") == "-03:30")
        // Fractions: exact digits, or trimmed of trailing zeros and left out when nothing is left.
        #expect(try format("UTC", "05.000 05.000000000 05,99 05.999999999") == "53.141 53.141828752 53,14 53.141828752")
        #expect(try call("time.format", [0, "UTC", "05.999 05.000"]) == "00 00.000")
        // Midnight and noon on a twelve-hour clock.
        #expect(try call("time.format", [0, "UTC", "3:04 PM"]) == "12:00 AM")
        #expect(try call("time.format", [43_200_000_000_000, "UTC", "03:04 pm"]) == "12:00 pm")
    }

    @Test func namedLayoutsAndTheDefault() throws {
        #expect(try format("UTC", "RFC3339") == "2022-12-02T18:40:53Z")
        #expect(try format("UTC", "RFC1123Z") == "Fri, 02 Dec 2022 18:40:53 +0000")
        #expect(try format("UTC", "Kitchen") == "6:40PM")
        #expect(try format("UTC", "StampMilli") == "Dec  2 18:40:53.141")
        #expect(try format("UTC", "DateOnly") == "2022-12-02")
        #expect(try call("time.format", .number(.int(instant))) == "2022-12-02T18:40:53.141828752Z")
        #expect(callError("time.format", [0, "UTC", 3])?.kind == .type)
        #expect(callError("time.format", [0, "Nowhere/Else", "2006"])?.message == "unknown time zone Nowhere/Else")
    }

    func parse(_ layout: String, _ value: String) throws -> Value? { try call("time.parse_ns", .string(layout), .string(value)) }

    @Test func parsingReadsWhatFormattingWrites() throws {
        // Layouts without a fraction keep whole seconds.
        let seconds = instant - 141_828_752
        for (layout, expected) in [("RFC3339Nano", instant), ("RFC1123Z", seconds), ("RubyDate", seconds),
                                   ("Monday, 02-Jan-2006 15:04:05.000000000 -07:00", instant), ("2006-002 03:04:05.999999999PM Z0700", instant)] {
            let written = try #require(try format("Asia/Kolkata", layout))
            guard case .string(let text) = written else { continue }
            let layoutText = GoTimeLayout.named[layout] ?? layout
            #expect(try parse(layoutText, text) == .number(.int(expected)), "\(layout): \(text)")
        }
        #expect(try parse("2006-01-02", "2020-02-29") == .number(.int(1_582_934_400_000_000_000)))
        // A fraction after the seconds is read even where the layout has none; a two-digit year
        // from 69 on is in the 1900s.
        #expect(try parse("2006-01-02 15:04:05", "1970-01-01 00:00:01.5") == .number(.int(1_500_000_000)))
        #expect(try parse("02 Jan 06", "01 Jan 69") == .number(.int(-31_536_000_000_000_000)))
        #expect(try parse("02 Jan 06", "01 jan 68") == .number(.int(3_092_601_600_000_000_000)))
        #expect(try parse("Jan _2 2006 15:04 MST", "Feb  3 2001 10:00 PST") == .number(.int(981_194_400_000_000_000)))
    }

    @Test func parseErrorsSayWhereAndWhy() {
        #expect(callError("time.parse_ns", "2006-01-02", "2021-02-29")?.message == "cannot parse \"2021-02-29\" as \"2006-01-02\": day out of range")
        #expect(callError("time.parse_ns", "2006-01-02", "2021-2-03")?.message == "cannot parse \"2021-2-03\" as \"2006-01-02\": expected a month at \"2-03\"")
        #expect(callError("time.parse_ns", "2006-01-02", "2021-02-03 10:00")?.message == "cannot parse \"2021-02-03 10:00\" as \"2006-01-02\": extra text \" 10:00\"")
        #expect(callError("time.parse_ns", "15:04 MST", "25:00 UTC")?.message == "cannot parse \"25:00 UTC\" as \"15:04 MST\": hour out of range")
        #expect(callError("time.parse_ns", "2006-01-02T15:04:05Z07:00", "2021-02-03T10:00:00+0530")?.message.hasPrefix("cannot parse") == true)
        // Go's defaults for what a layout leaves out put a bare time in year 0, before what nanoseconds reach.
        #expect(callError("time.parse_ns", "3:04PM", "11:30AM")?.message == "time outside of valid range: 11:30AM")
        #expect(callError("time.parse_ns", 1, "x")?.kind == .type)
    }
}
