import RegoValue

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
