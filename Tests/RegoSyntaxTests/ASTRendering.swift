import RegoSyntax
import RegoValue

/// A compact S-expression rendering of the AST, so tests can assert whole shapes in one string.
enum Render {
    static func term(_ t: Term) -> String {
        switch t.kind {
        case .scalar(let v): return value(v)
        case .variable(let name): return name
        case .ref(let head, let path): return "ref(" + ([term(head)] + path.map(term)).joined(separator: " ") + ")"
        case .call(let name, let args): return "\(name)(" + args.map(term).joined(separator: " ") + ")"
        case .array(let xs): return "[" + xs.map(term).joined(separator: " ") + "]"
        case .set(let xs): return "set(" + xs.map(term).joined(separator: " ") + ")"
        case .object(let pairs): return "{" + pairs.map { term($0.key) + ":" + term($0.value) }.joined(separator: " ") + "}"
        case .arrayComprehension(let head, let b): return "[\(term(head)) | \(body(b))]"
        case .setComprehension(let head, let b): return "set(\(term(head)) | \(body(b)))"
        case .objectComprehension(let k, let v, let b): return "{\(term(k)):\(term(v)) | \(body(b))}"
        }
    }

    static func value(_ v: Value) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): n.jsonText
        case .string(let s): "\"\(s)\""
        default: "?"
        }
    }

    static func expr(_ e: Expr) -> String {
        var s: String
        switch e.kind {
        case .term(let t): s = term(t)
        case .unify(let a, let b): s = "\(term(a)) = \(term(b))"
        case .assign(let a, let b): s = "\(term(a)) := \(term(b))"
        case .some(let vars): s = "some " + vars.map(term).joined(separator: " ")
        case .someIn(let k, let v, let c): s = "some " + (k.map { term($0) + " " } ?? "") + term(v) + " in " + term(c)
        case .every(let k, let v, let d, let b):
            s = "every " + (k.map { term($0) + " " } ?? "") + term(v) + " in " + term(d) + " {" + body(b) + "}"
        }
        if e.negated { s = "not " + s }
        for w in e.withs { s += " with \(term(w.target)) as \(term(w.value))" }
        return s
    }

    static func body(_ b: Body) -> String { b.map(expr).joined(separator: "; ") }
}
