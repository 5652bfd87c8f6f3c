import RegoValue

/// Conversions between nanoseconds since the Unix epoch (how records store time) and RFC 3339 text
/// (how they show it), with no calendar library: proleptic Gregorian days, UTC only on output.
public enum Timestamp {
    /// `2026-11-01T09:30:00.000000123Z`: always nine fraction digits, so text order is time order.
    /// Nanoseconds in an `Int64` span the years 1677 to 2262, so the year always has four digits and
    /// the text is always `width` bytes long.
    public static func format(nanoseconds: Int64) -> String {
        String(unsafeUninitializedCapacity: width) { text in
            write(nanoseconds, to: text.baseAddress!)
            return width
        }
    }

    /// Appends `format(nanoseconds:)` to `writer` as a JSON string, written in place (no string is
    /// made for it).
    public static func writeJSON(nanoseconds: Int64, to writer: inout JSONWriter) {
        writer.append(bytes: width + 2) { text in
            text[0] = UInt8(ascii: "\"")
            write(nanoseconds, to: text + 1)
            text[width + 1] = UInt8(ascii: "\"")
        }
    }

    /// The length of the text.
    static let width = 30

    /// `00`, `01`, … `99`.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// Writes the `width` bytes of the text at `text`: fixed positions, digits written backwards.
    private static func write(_ nanoseconds: Int64, to text: UnsafeMutablePointer<UInt8>) {
        let perSecond: Int64 = 1_000_000_000
        var seconds = nanoseconds / perSecond
        var fraction = nanoseconds % perSecond
        if fraction < 0 { fraction += perSecond; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        // Two digits at a time, from a table of the pairs 00 to 99: half the divisions.
        let pairs = digitPairs.utf8Start
        func put(_ value: Int64, at position: Int) {
            let pair = pairs + 2 * Int(value)
            text[position] = pair[0]
            text[position + 1] = pair[1]
        }
        put(year / 100, at: 0)
        put(year % 100, at: 2)
        put(month, at: 5)
        put(day, at: 8)
        put(secondOfDay / 3600, at: 11)
        put(secondOfDay / 60 % 60, at: 14)
        put(secondOfDay % 60, at: 17)
        text[28] = UInt8(truncatingIfNeeded: 48 + fraction % 10)
        var rest = fraction / 10
        for position in stride(from: 26, through: 20, by: -2) {
            put(rest % 100, at: position)
            rest /= 100
        }
        text[4] = UInt8(ascii: "-"); text[7] = UInt8(ascii: "-"); text[10] = UInt8(ascii: "T")
        text[13] = UInt8(ascii: ":"); text[16] = UInt8(ascii: ":"); text[19] = UInt8(ascii: ".")
        text[29] = UInt8(ascii: "Z")
    }

    /// Parses RFC 3339 (`2026-11-01T00:00:00Z`, `…T00:00:00.5+02:00`, also with `t` or a space
    /// before the time, `z`, or a leap second); nil when the text is not one.
    public static func parse(_ text: String) -> Int64? {
        (try? RFC3339.nanoseconds(text, lenient: true)).map(Int64.init)
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilCalendar.date(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }
}
