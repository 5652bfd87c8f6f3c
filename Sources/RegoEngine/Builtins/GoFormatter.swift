/// An operand of Go's `fmt.Sprintf` as OPA passes it: numbers become Go `int`, `*big.Int` or
/// `float64`; strings stay strings; every other value is passed as its Rego text.
enum GoFormatArgument {
    case int(Int)
    /// An integer beyond 64 bits, as decimal text.
    case bigInt(String)
    case float(Double)
    case string(String)

    /// The Go type name used in `%!(EXTRA …)`.
    var goTypeName: String {
        switch self {
        case .int: "int"
        case .bigInt: "*big.Int"
        case .float: "float64"
        case .string: "string"
        }
    }
}

/// The flags, width and precision of one `%` directive.
struct GoFormatSpec {
    var minus = false, plus = false, sharp = false, space = false, zero = false
    var width: Int?
    var precision: Int?
}

/// Go's `fmt.Sprintf`: directives, explicit argument indexes, `*` widths, and Go's in-band error
/// texts (`%!d(string=foo)`, `%!v(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`).
struct GoFormatter {
    let format: [Unicode.Scalar]
    let args: [GoFormatArgument]
    private(set) var out = ""
    private var i = 0
    private var argNum = 0
    private var reordered = false
    private var goodArgNum = true

    init(format: String, args: [GoFormatArgument]) {
        self.format = Array(format.unicodeScalars)
        self.args = args
    }

    /// Formats `format` with `args`.
    static func sprintf(_ format: String, _ args: [GoFormatArgument]) -> String {
        var formatter = GoFormatter(format: format, args: args)
        formatter.run()
        return formatter.out
    }

    private mutating func run() {
        let end = format.count
        while i < end {
            goodArgNum = true
            let literalStart = i
            while i < end && format[i] != "%" { i += 1 }
            if i > literalStart { out.unicodeScalars.append(contentsOf: format[literalStart..<i]) }
            if i >= end { break }
            i += 1  // the '%'
            var spec = GoFormatSpec()
            flags: while i < end {
                switch format[i] {
                case "#": spec.sharp = true
                case "0": spec.zero = !spec.minus
                case "+": spec.plus = true
                case "-": spec.minus = true; spec.zero = false
                case " ": spec.space = true
                default: break flags
                }
                i += 1
            }
            var afterIndex = argumentIndex()
            if i < end && format[i] == "*" {
                i += 1
                if let w = intArgument() {
                    spec.width = w < 0 ? -w : w
                    if w < 0 { spec.minus = true; spec.zero = false }
                } else {
                    out += "%!(BADWIDTH)"
                }
                afterIndex = false
            } else if let w = parseNumber() {
                spec.width = w
                if afterIndex { goodArgNum = false }
            }
            if i < end && format[i] == "." {
                i += 1
                if afterIndex { goodArgNum = false }
                afterIndex = argumentIndex()
                if i < end && format[i] == "*" {
                    i += 1
                    if let p = intArgument() {
                        spec.precision = p < 0 ? nil : p
                    } else {
                        out += "%!(BADPREC)"
                    }
                    afterIndex = false
                } else {
                    spec.precision = parseNumber() ?? 0
                }
            }
            if !afterIndex { afterIndex = argumentIndex() }
            guard i < end else { out += "%!(NOVERB)"; break }
            let verb = format[i]
            i += 1
            if verb == "%" { out += "%"; continue }
            if !goodArgNum { out += "%!\(verb)(BADINDEX)"; continue }
            guard argNum < args.count else { out += "%!\(verb)(MISSING)"; continue }
            var verbSpec = spec
            var sharpV = false
            if verb == "v" {
                sharpV = verbSpec.sharp
                verbSpec.sharp = false
                verbSpec.plus = false
            }
            out += GoValueFormat.format(args[argNum], verb: verb, spec: verbSpec, sharpV: sharpV)
            argNum += 1
        }
        if !reordered && argNum < args.count {
            let extras = args[argNum...].map { "\($0.goTypeName)=\(GoValueFormat.plain($0))" }
            out += "%!(EXTRA " + extras.joined(separator: ", ") + ")"
        }
    }

    /// Reads decimal digits; nil when there are none.
    private mutating func parseNumber() -> Int? {
        var value: Int?
        while i < format.count, format[i].value >= 48, format[i].value <= 57 {
            let d = Int(format[i].value) - 48
            let (next, overflow) = (value ?? 0).multipliedReportingOverflow(by: 10)
            // Go treats an absurd width as absent; so do we (and never overflow).
            value = overflow || next > 1_000_000 ? 1_000_000 : next + d
            i += 1
        }
        return value
    }

    /// Parses an explicit `[n]` argument index; returns whether one was found.
    private mutating func argumentIndex() -> Bool {
        guard i < format.count, format[i] == "[" else { return false }
        reordered = true
        var j = i + 1
        while j < format.count && format[j] != "]" { j += 1 }
        guard j < format.count else {
            // No closing bracket: Go skips the '[' and marks the index bad.
            i += 1
            goodArgNum = false
            return false
        }
        let text = String(String.UnicodeScalarView(format[(i + 1)..<j]))
        i = j + 1
        if let n = Int(text), n >= 1, n <= args.count {
            argNum = n - 1
            return true
        }
        goodArgNum = false
        return Int(text) != nil
    }

    /// Takes an `int` argument for a `*` width or precision.
    private mutating func intArgument() -> Int? {
        guard argNum < args.count else { return nil }
        defer { argNum += 1 }
        switch args[argNum] {
        case .int(let n) where abs(n) <= 1_000_000: return n
        default: return nil
        }
    }
}
