import RegoValue

/// Number arithmetic as OPA does it: exact on integers of any size (64-bit fast path, then
/// `ExactInteger`), otherwise in doubles; integral results come back as integers.
enum Arithmetic {
    static func add(_ a: Number, _ b: Number) throws(BuiltinError) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, overflow) = x.addingReportingOverflow(y)
            if !overflow { return .int(r) }
        }
        if let x = ExactInteger(a), let y = ExactInteger(b) { return (x + y).number }
        return try fromDouble(a.doubleValue + b.doubleValue)
    }

    static func subtract(_ a: Number, _ b: Number) throws(BuiltinError) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, overflow) = x.subtractingReportingOverflow(y)
            if !overflow { return .int(r) }
        }
        if let x = ExactInteger(a), let y = ExactInteger(b) { return (x - y).number }
        return try fromDouble(a.doubleValue - b.doubleValue)
    }

    static func multiply(_ a: Number, _ b: Number) throws(BuiltinError) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            let (r, overflow) = x.multipliedReportingOverflow(by: y)
            if !overflow { return .int(r) }
        }
        if let x = ExactInteger(a), let y = ExactInteger(b) {
            guard x.limbs.count + y.limbs.count <= ExactInteger.maxLimbs else {
                throw .builtin("number too large")
            }
            return (x * y).number
        }
        return try fromDouble(a.doubleValue * b.doubleValue)
    }

    /// Integer quotient when the divisor divides a nonzero dividend, else the double quotient.
    static func divide(_ a: Number, _ b: Number) throws(BuiltinError) -> Number {
        if b.doubleValue == 0 { throw .builtin("divide by zero") }
        if case .int(let x) = a, case .int(let y) = b, x != 0 {
            let (q, overflow) = x.dividedReportingOverflow(by: y)
            let (r, _) = x.remainderReportingOverflow(dividingBy: y)
            if !overflow && r == 0 { return .int(q) }
        }
        return try fromDouble(a.doubleValue / b.doubleValue)
    }

    /// The truncated remainder of two integers; floats are an error, as in OPA.
    static func remainder(_ a: Number, _ b: Number) throws(BuiltinError) -> Number {
        if case .int(let x) = a, case .int(let y) = b {
            if y == 0 { throw .builtin("modulo by zero") }
            // Int.min % -1 overflows in Swift; mathematically it is 0.
            let (r, overflow) = x.remainderReportingOverflow(dividingBy: y)
            return .int(overflow ? 0 : r)
        }
        guard let x = ExactInteger(a), let y = ExactInteger(b) else {
            throw .builtin("modulo on floating-point number")
        }
        guard let r = x.remainder(dividingBy: y) else { throw .builtin("modulo by zero") }
        return r.number
    }

    static func absolute(_ n: Number) -> Number {
        switch n {
        case .int(let i):
            if i == Int.min { return ExactInteger(i).magnitude.number }
            return .int(Swift.abs(i))
        case .double(let d): return Number(Swift.abs(d))
        case .bigInteger(let s): return .bigInteger(s.hasPrefix("-") ? String(s.dropFirst()) : s)
        }
    }

    /// Rounds a non-integral number by `rule`; integers are returned unchanged.
    static func rounded(_ n: Number, _ rule: FloatingPointRoundingRule) -> Number {
        guard case .double(let d) = n else { return n }
        return Number(d.rounded(rule))
    }

    /// A double result as a Rego number; infinities and NaN are errors (OPA's big floats never
    /// produce them, they fail instead).
    static func fromDouble(_ d: Double) throws(BuiltinError) -> Number {
        guard d.isFinite else { throw .builtin("arithmetic result out of range") }
        return Number(d)
    }
}
