extension DecisionFilter {
    /// Builds a filter from string parameters, as the CLI flags and the HTTP query carry them
    /// (`since`, `until`, `path`, `allowed`, `subject`, `id`, `limit`). Unknown names are ignored;
    /// a bad value throws `.badParameter` naming the parameter and the expected form.
    public static func parse(_ parameters: [String: String], now: Int64) throws(DecisionLogError) -> DecisionFilter {
        var filter = DecisionFilter()
        if let text = parameters["since"] { filter.since = try parseTime(text, parameter: "since", now: now) }
        if let text = parameters["until"] { filter.until = try parseTime(text, parameter: "until", now: now) }
        if let text = parameters["path"] { filter.path = try parsePath(text) }
        if let text = parameters["allowed"] { filter.allowed = try parseAllowed(text) }
        if let text = parameters["subject"] {
            guard !text.isEmpty else { throw .badParameter(name: "subject", value: text, expected: "a non-empty subject") }
            filter.subject = text
        }
        if let text = parameters["id"] {
            guard !text.isEmpty else { throw .badParameter(name: "id", value: text, expected: "a decision id") }
            filter.id = text
        }
        if let text = parameters["limit"] { filter.limit = try parseLimit(text) }
        return filter
    }

    /// An RFC 3339 time (`2026-11-01T00:00:00Z`) or a duration before `now` (`24h`, `90d`, `30m`).
    public static func parseTime(_ text: String, parameter: String, now: Int64) throws(DecisionLogError) -> Int64 {
        if let absolute = Timestamp.parse(text) { return absolute }
        if let ago = try? parseDuration(text, parameter: parameter) { return now - ago }
        throw .badParameter(name: parameter, value: text,
                            expected: "an RFC 3339 time such as 2026-11-01T00:00:00Z or a duration before now such as 24h, 90d, 30m")
    }

    /// A duration (`90d`, `24h`, `30m`, `15s`, `500ms`) in nanoseconds.
    public static func parseDuration(_ text: String, parameter: String) throws(DecisionLogError) -> Int64 {
        let units: [(String, Int64)] = [
            ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
            ("d", 86_400_000_000_000), ("w", 604_800_000_000_000),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let digits = text.dropLast(suffix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let n = Int64(digits) else { continue }
            let (product, overflow) = n.multipliedReportingOverflow(by: scale)
            if !overflow { return product }
        }
        throw .badParameter(name: parameter, value: text,
                            expected: "a whole number followed by a unit ms, s, m, h, d or w, such as 90d")
    }

    /// `true` or `false`.
    public static func parseAllowed(_ text: String) throws(DecisionLogError) -> Bool {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .badParameter(name: "allowed", value: text, expected: "true or false")
        }
    }

    /// A whole number from 1 to 1000.
    public static func parseLimit(_ text: String) throws(DecisionLogError) -> Int {
        guard let n = Int(text), n >= 1, n <= maxLimit else {
            throw .badParameter(name: "limit", value: text, expected: "a whole number from 1 to \(maxLimit)")
        }
        return n
    }

    /// A slash-separated rule path, optionally ending in `*` for a prefix (`httpapi/authz/*`).
    public static func parsePath(_ text: String) throws(DecisionLogError) -> String {
        let body = text.hasSuffix("*") ? text.dropLast() : Substring(text)
        guard !text.isEmpty, !body.contains("*") else {
            throw .badParameter(name: "path", value: text,
                                expected: "a rule path such as httpapi/authz/allow, or a prefix ending in * such as httpapi/*")
        }
        // Dotted paths (data.httpapi.authz.allow) are accepted as OPA users write them.
        var path = String(body)
        if path.hasPrefix("data.") { path = String(path.dropFirst(5)).replacingDots() }
        if path.hasPrefix("/") { path.removeFirst() }
        return path + (text.hasSuffix("*") ? "*" : "")
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(map { $0 == "." ? "/" : $0 }) }
}
