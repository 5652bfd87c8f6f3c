/// Rewrites a Go RE2 pattern into ICU syntax for `NSRegularExpression`, rejecting what RE2
/// rejects (look-around, back references, possessive and nested repetition) and keeping RE2's
/// meaning where ICU differs (`$` is end of text, `\d \s \w` and POSIX classes are ASCII,
/// `(?P<name>…)` groups, `[` and `&` are literal inside classes).
struct RE2Translator {
    struct Failure: Error {
        let message: String
    }

    let p: [Unicode.Scalar]
    var i = 0
    var out = ""
    private var multiline = false
    /// 0: last token was not a repetition; 1: it was; 2: it was a lazy repetition.
    private var repetition = 0
    /// Capture group names to their numbers, for `$name` in `regex.replace`.
    private(set) var groupNames: [String: Int] = [:]
    private var groupCount = 0

    private init(_ pattern: String) {
        p = Array(pattern.unicodeScalars)
        multiline = RE2Translator.setsMultiline(p)
    }

    /// The ICU pattern and the names of the capture groups.
    static func translate(_ pattern: String) throws(Failure) -> (pattern: String, groupNames: [String: Int]) {
        var t = RE2Translator(pattern)
        try t.run()
        return (t.out, t.groupNames)
    }

    /// Whether a flag group such as `(?m)` or `(?sm:` turns on multi-line mode somewhere.
    private static func setsMultiline(_ p: [Unicode.Scalar]) -> Bool {
        var k = 0
        while k + 2 < p.count {
            if p[k] == "\\" { k += 2; continue }
            if p[k] == "(" && p[k + 1] == "?" {
                var j = k + 2
                while j < p.count, p[j] != ")", p[j] != ":", p[j] != "-" {
                    if p[j] == "m" { return true }
                    j += 1
                }
            }
            k += 1
        }
        return false
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        i + offset < p.count ? p[i + offset] : nil
    }

    private mutating func run() throws(Failure) {
        var inClass = false
        var classStart = false
        while i < p.count {
            let c = p[i]
            if c == "\\" {
                try escape(inClass: inClass)
                classStart = false
                repetition = 0
                continue
            }
            if inClass {
                i += 1
                switch c {
                case "]" where !classStart: inClass = false; out += "]"
                case "]": out += "\\]"
                case "[" where peek() == ":": try posixClass()
                case "[", "&", "{", "}": out += "\\"; out.unicodeScalars.append(c)
                default: out.unicodeScalars.append(c)
                }
                classStart = false
                continue
            }
            switch c {
            case "[":
                inClass = true
                classStart = true
                out += "["
                i += 1
                if peek() == "^" { out += "^"; i += 1 }
                repetition = 0
            case "(":
                try group()
                repetition = 0
            case "$":
                out += multiline ? "$" : "\\z"
                i += 1
                repetition = 0
            case "*", "+", "?":
                try repeatOperator(c)
                i += 1
                out.unicodeScalars.append(c)
            case "{":
                if let count = intervalLength() {
                    try repeatOperator(c)
                    out.unicodeScalars.append(contentsOf: p[i..<(i + count)])
                    i += count
                } else {
                    out += "\\{"
                    i += 1
                    repetition = 0
                }
            case "}":
                out += "\\}"
                i += 1
                repetition = 0
            default:
                out.unicodeScalars.append(c)
                i += 1
                repetition = 0
            }
        }
        if inClass { throw Failure(message: "missing closing ]") }
    }

    private mutating func repeatOperator(_ c: Unicode.Scalar) throws(Failure) {
        switch repetition {
        case 0: repetition = 1
        case 1 where c == "?": repetition = 2
        default: throw Failure(message: "invalid nested repetition operator")
        }
    }

    /// Length of a valid `{n}`, `{n,}` or `{n,m}` at `i` (RE2 caps counts at 1000), or nil when
    /// the brace is a literal.
    private func intervalLength() -> Int? {
        var j = i + 1
        var numbers: [Int] = [], current = "", sawComma = false
        while j < p.count, p[j] != "}" {
            if p[j] == "," {
                if sawComma { return nil }
                sawComma = true
                guard let n = Int(current) else { return nil }
                numbers.append(n); current = ""
            } else if p[j].value >= 48 && p[j].value <= 57 {
                current.unicodeScalars.append(p[j])
            } else {
                return nil
            }
            j += 1
        }
        guard j < p.count else { return nil }
        if !sawComma { guard let n = Int(current) else { return nil }; numbers.append(n) } else if !current.isEmpty {
            guard let m = Int(current) else { return nil }
            numbers.append(m)
        }
        if numbers.contains(where: { $0 > 1000 }) { return nil }
        return j - i + 1
    }

    private mutating func group() throws(Failure) {
        guard peek(1) == "?" else {
            groupCount += 1
            out += "("
            i += 1
            return
        }
        switch peek(2) {
        case "P" where peek(3) == "<":
            i += 4
            try namedGroup()
        case "<" where peek(3) != "=" && peek(3) != "!":
            i += 3
            try namedGroup()
        case "=", "!", "<", ">", "#", "|":
            throw Failure(message: "invalid or unsupported Perl syntax")
        default:
            out += "(?"
            i += 2
        }
    }

    private mutating func namedGroup() throws(Failure) {
        var name = ""
        while let c = peek(), c != ">" {
            guard c == "_" || c.properties.isAlphabetic || (c.value >= 48 && c.value <= 57) else {
                throw Failure(message: "invalid named capture")
            }
            name.unicodeScalars.append(c)
            i += 1
        }
        guard peek() == ">", !name.isEmpty, groupNames[name] == nil else { throw Failure(message: "invalid named capture") }
        i += 1
        groupCount += 1
        groupNames[name] = groupCount
        // ICU names allow fewer characters than RE2's; names are resolved here, so the group
        // becomes a plain numbered one.
        out += "("
    }
}
