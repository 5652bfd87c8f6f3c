import RegoValue

/// Shares identical constant terms between the rules compiled by one thread: a policy of many
/// similar rules (`allow if { input.path == "/a/1"; input.method == "GET" }` ten thousand times)
/// holds one `input.path`, one `input.method` and one `"GET"` instead of one each per rule. Compiled
/// terms are immutable, so sharing them changes nothing but memory (about a third of such a
/// policy's compiled size).
///
/// Only terms whose identity is their value are shared: strings, booleans and null (numbers keep
/// their own boxes, since `1` and `1.0` compare equal but print differently), and references into
/// `input` or `data` made of such constants. Not `Sendable`: each compiling thread has its own.
final class TermInterner {
    /// The constants met, numbered (`ConstantTable`: a probe past another constant compares
    /// kept hashes, not the constant), and the shared term of each number.
    private var valueNumbers: ConstantTable
    private var valueTerms: [CTerm] = []
    private var inputRefs: [ConstantPath: CTerm] = [:]
    private var dataRefs: [ConstantPath: CTerm] = [:]
    /// The `input` references interned last, newest first: rules of one node mostly test the same
    /// two or three, and comparing a path with them is cheaper than hashing it.
    private var recentInputRefs: [(path: ConstantPath, term: CTerm)] = []
    /// Call targets of plain names (no `.`, not `data`, no import or rule of the package), by
    /// module and name (`BodyContext.callTarget`); nil for a name that is no builtin.
    var plainCallTargets: [CallKey: CallTarget?] = [:]

    struct CallKey: Hashable {
        let module: Int
        let name: String
    }

    /// An interner for about `rules` rules. Generated rules mostly hold one constant of their own
    /// (`"/api/v1/resource/17"`), so the table of values starts with room for one per rule
    /// instead of growing a dozen times on the way.
    init(rules: Int = 0) {
        valueNumbers = ConstantTable(minimumCapacity: rules)
        valueTerms.reserveCapacity(rules)
    }

    /// The shared copy of `term` when it is one of the kinds above, else `term` itself.
    func intern(_ term: CTerm) -> CTerm {
        switch term {
        case .value(let v):
            switch v {
            case .string, .bool, .null: break
            default: return term
            }
            return sharedValue(v) { term }
        case .ref(.input, let path):
            guard let key = ConstantPath(path) else { return term }
            if let recent = recentInputRefs.first(where: { $0.path == key }) { return recent.term }
            let shared = TermInterner.shared(&inputRefs[key, default: term])
            if recentInputRefs.count == 4 { recentInputRefs.removeLast() }
            recentInputRefs.insert((key, shared), at: 0)
            return shared
        case .data(let path):
            guard let key = ConstantPath(path) else { return term }
            return TermInterner.shared(&dataRefs[key, default: term])
        default:
            return term
        }
    }

    /// The shared `.value(v)` for a string, boolean or null, made only the first time `v` is met
    /// (most constants of generated rules are met before: no term is made and freed for them).
    func value(_ v: Value) -> CTerm {
        switch v {
        case .string, .bool, .null: return sharedValue(v) { .value(v) }
        default: return .value(v)
        }
    }

    /// The shared term of `v`, made by `make` the first time `v` is met.
    private func sharedValue(_ v: Value, _ make: () -> CTerm) -> CTerm {
        let (number, isNew) = valueNumbers.number(v)
        if isNew { valueTerms.append(make()) }
        return valueTerms[Int(number)]
    }

    /// The term in a table slot: reached through `inout`, a missing key is inserted with the term
    /// being interned, so each term costs one hash.
    private static func shared(_ slot: inout CTerm) -> CTerm { slot }

    /// A path whose elements are all constant strings, hashed and compared by those strings where
    /// they are: no array of the path's values is made to look it up.
    private struct ConstantPath: Hashable {
        let elements: [CTerm]

        init?(_ elements: [CTerm]) {
            for element in elements {
                guard case .value(.string) = element else { return nil }
            }
            self.elements = elements
        }

        static func == (a: ConstantPath, b: ConstantPath) -> Bool {
            guard a.elements.count == b.elements.count else { return false }
            for (x, y) in zip(a.elements, b.elements) {
                guard case .value(let v) = x, case .value(let w) = y, v == w else { return false }
            }
            return true
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(elements.count)
            for case .value(let v) in elements { v.hash(into: &hasher) }
        }
    }
}
