/// The proleptic Gregorian calendar on day numbers (days since 1970-01-01), with no calendar
/// library: the decision log's timestamps and the time builtins both count on it.
public enum CivilCalendar {
    /// `a / b` rounded down (towards negative infinity), for `b > 0`.
    @inlinable
    public static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-(a + 1)) / b) - 1 }

    /// Days since 1970-01-01 of a date; `month` 1–12, `day` may run past the month's end (Howard
    /// Hinnant's algorithm).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number.
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in `month` (1–12) of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Nanoseconds since the epoch of a date and time of day, or nil outside the 64-bit range.
    public static func nanoseconds(days: Int, secondOfDay: Int, nanosecond: Int) -> Int? {
        var seconds = days * 86_400 + secondOfDay
        var fraction = nanosecond
        // Borrow a second before an instant before the epoch, so that the earliest one
        // (1677-09-21T00:12:43.145224192Z, -2^63) does not overflow on the way.
        if seconds < 0, fraction > 0 {
            seconds += 1
            fraction -= 1_000_000_000
        }
        let (whole, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, o2) = whole.addingReportingOverflow(fraction)
        return o1 || o2 ? nil : sum
    }
}
