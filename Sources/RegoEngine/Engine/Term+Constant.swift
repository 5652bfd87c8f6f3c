import RegoSyntax
import RegoValue

extension Term {
    /// The value of a ground term (scalars, composites and sets of them); nil when the term
    /// has variables, references or calls.
    public var constantValue: Value? {
        switch kind {
        case .scalar(let v): return v
        case .array(let items):
            var out: [Value] = []
            for i in items { guard let v = i.constantValue else { return nil }; out.append(v) }
            return .array(out)
        case .set(let items):
            var out: [Value] = []
            for i in items { guard let v = i.constantValue else { return nil }; out.append(v) }
            return .set(RegoSet(out))
        case .object(let pairs):
            var out: [(Value, Value)] = []
            for (k, v) in pairs {
                guard let kv = k.constantValue, let vv = v.constantValue else { return nil }
                out.append((kv, vv))
            }
            return .object(RegoObject(out))
        case .call(let name, let args) where name == "minus" && args.count == 2:
            if case .number(let n)? = args[1].constantValue, case .number(.int(0))? = args[0].constantValue {
                switch n {
                case .int(let i): return .int(-i)
                case .double(let d): return .double(-d)
                case .bigInteger(let s): return .number(.bigInteger(s.hasPrefix("-") ? String(s.dropFirst()) : "-" + s))
                }
            }
            return nil
        default: return nil
        }
    }
}
