import RegoValue

/// Conversions between nanoseconds since the Unix epoch (how records store time) and RFC 3339 text
/// (how they show it), with no calendar library: proleptic Gregorian days, UTC only on output.
public enum Timestamp {
    /// `2026-11-01T09:30:00.000000123Z`: always nine fraction digits, so text order is time order.
    public static func format(nanoseconds: Int64) -> String {
        if let fields = fixedWidthFields(nanoseconds) {
            return String(unsafeUninitializedCapacity: fixedWidth) { text in
                write(fields, to: text.baseAddress!)
                return fixedWidth
            }
        }
        let (year, month, day, secondOfDay, fraction) = fields(nanoseconds)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "." + pad(fraction, 9) + "Z"
    }

    /// Appends `format(nanoseconds:)` to `writer` as a JSON string, written in place when the year
    /// has four digits (no string is made for it).
    public static func writeJSON(nanoseconds: Int64, to writer: inout JSONWriter) {
        guard let fields = fixedWidthFields(nanoseconds) else {
            writer.writeString(format(nanoseconds: nanoseconds))
            return
        }
        writer.append(bytes: fixedWidth + 2) { text in
            text[0] = UInt8(ascii: "\"")
            write(fields, to: text + 1)
            text[fixedWidth + 1] = UInt8(ascii: "\"")
        }
    }

    /// The length of the text of a year from 0 to 9999.
    static let fixedWidth = 30

    private typealias Fields = (year: Int64, month: Int64, day: Int64, secondOfDay: Int64, fraction: Int64)

    /// The calendar fields of a time, in UTC.
    private static func fields(_ nanoseconds: Int64) -> Fields {
        let perSecond: Int64 = 1_000_000_000
        var seconds = nanoseconds / perSecond
        var fraction = nanoseconds % perSecond
        if fraction < 0 { fraction += perSecond; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        return (year, month, day, secondOfDay, fraction)
    }

    /// The fields of a time whose year has four digits (the text is then `fixedWidth` long).
    private static func fixedWidthFields(_ nanoseconds: Int64) -> Fields? {
        let fields = fields(nanoseconds)
        return (0...9999).contains(fields.year) ? fields : nil
    }

    /// Writes the `fixedWidth` bytes of the text at `text`: fixed positions, digits written backwards.
    private static func write(_ fields: Fields, to text: UnsafeMutablePointer<UInt8>) {
        func put(_ value: Int64, at position: Int, width: Int) {
            var value = value
            for i in stride(from: position + width - 1, through: position, by: -1) {
                text[i] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            }
        }
        put(fields.year, at: 0, width: 4)
        put(fields.month, at: 5, width: 2)
        put(fields.day, at: 8, width: 2)
        put(fields.secondOfDay / 3600, at: 11, width: 2)
        put(fields.secondOfDay / 60 % 60, at: 14, width: 2)
        put(fields.secondOfDay % 60, at: 17, width: 2)
        put(fields.fraction, at: 20, width: 9)
        text[4] = UInt8(ascii: "-"); text[7] = UInt8(ascii: "-"); text[10] = UInt8(ascii: "T")
        text[13] = UInt8(ascii: ":"); text[16] = UInt8(ascii: ":"); text[19] = UInt8(ascii: ".")
        text[29] = UInt8(ascii: "Z")
    }

    /// Parses RFC 3339 (`2026-11-01T00:00:00Z`, `…T00:00:00.5+02:00`, also with `t` or a space
    /// before the time, `z`, or a leap second); nil when the text is not one.
    public static func parse(_ text: String) -> Int64? {
        (try? RFC3339.nanoseconds(text, lenient: true)).map(Int64.init)
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The civil date of a day count since 1970-01-01.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilCalendar.date(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }
}
