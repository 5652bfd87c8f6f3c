import RegoValue

/// The declared type of a builtin's argument or result (used for arity checks, docs and errors).
public indirect enum ArgumentType: Sendable, CustomStringConvertible {
    case any, null, boolean, number, string, array, set, object
    /// Any of the listed types (`string or number`).
    case oneOf([ArgumentType])

    public var description: String {
        switch self {
        case .any: "any"
        case .null: "null"
        case .boolean: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .set: "set"
        case .object: "object"
        case .oneOf(let types): types.map(\.description).joined(separator: " or ")
        }
    }

    public static let collection = ArgumentType.oneOf([.array, .set, .object])
}

/// A failure inside a builtin. The evaluator prefixes the builtin's name to the message
/// (`count: operand 1 must be one of {array, object, set, string} but got number`).
public struct BuiltinError: Error, Sendable {
    public enum Kind: Sendable {
        /// A wrong operand type: `eval_type_error`.
        case type
        /// Any other failure (bad format string, divide by zero, invalid regex): `eval_builtin_error`.
        case builtin
        /// A failure that stops evaluation even where builtin errors are not strict (where the others
        /// make the call undefined): `eval_builtin_error`. For calls whose undefined result would
        /// hide a mistake in the policy, such as a template expression with several values.
        case halt
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func type(_ message: String) -> BuiltinError { BuiltinError(.type, message) }
    public static func builtin(_ message: String) -> BuiltinError { BuiltinError(.builtin, message) }
    public static func halt(_ message: String) -> BuiltinError { BuiltinError(.halt, message) }

    /// OPA's operand error: `operand 2 must be string but got number`.
    public static func operand(_ position: Int, expected: String, got value: Value) -> BuiltinError {
        BuiltinError(.type, "operand \(position) must be \(expected) but got \(value.typeName)")
    }
}

/// Per-evaluation facilities a builtin may use.
public protocol BuiltinContext: AnyObject {
    /// Writes a line for `print` (to stderr in the CLI, to the log in the server).
    func printLine(_ text: String)
    /// Nanoseconds since the epoch, fixed for one evaluation (`time.now_ns`).
    var nowNanoseconds: Int64 { get }
    /// Per-evaluation cache for expensive builtins (compiled regexes, parsed globs).
    var cache: BuiltinCache { get }
}

/// A small mutable cache owned by one evaluation.
public final class BuiltinCache {
    public var storage: [String: Any] = [:]
    public init() {}
}

/// The operands of one builtin call, with typed, positional accessors. Positions are 1-based in
/// messages, 0-based here.
public struct Arguments {
    public let values: [Value]
    public let context: BuiltinContext

    public init(_ values: [Value], context: BuiltinContext) {
        self.values = values
        self.context = context
    }

    public var count: Int { values.count }
    public subscript(_ i: Int) -> Value { values[i] }

    public func string(_ i: Int) throws(BuiltinError) -> String {
        guard case .string(let s) = values[i] else { throw .operand(i + 1, expected: "string", got: values[i]) }
        return s
    }

    public func number(_ i: Int) throws(BuiltinError) -> Number {
        guard case .number(let n) = values[i] else { throw .operand(i + 1, expected: "number", got: values[i]) }
        return n
    }

    /// An integral number; a fractional one is an operand error.
    public func int(_ i: Int) throws(BuiltinError) -> Int {
        guard case .number(let n) = values[i] else { throw .operand(i + 1, expected: "number", got: values[i]) }
        guard let v = n.exactInt else { throw .type("operand \(i + 1) must be integer number but got floating-point number") }
        return v
    }

    public func bool(_ i: Int) throws(BuiltinError) -> Bool {
        guard case .bool(let b) = values[i] else { throw .operand(i + 1, expected: "boolean", got: values[i]) }
        return b
    }

    public func array(_ i: Int) throws(BuiltinError) -> [Value] {
        guard case .array(let a) = values[i] else { throw .operand(i + 1, expected: "array", got: values[i]) }
        return a
    }

    /// The elements of an array or a set.
    public func elements(_ i: Int) throws(BuiltinError) -> [Value] {
        switch values[i] {
        case .array(let a): return a
        case .set(let s): return s.elements
        default: throw .type("operand \(i + 1) must be one of {set, array} but got \(values[i].typeName)")
        }
    }

    public func set(_ i: Int) throws(BuiltinError) -> RegoSet {
        guard case .set(let s) = values[i] else { throw .operand(i + 1, expected: "set", got: values[i]) }
        return s
    }

    public func object(_ i: Int) throws(BuiltinError) -> RegoObject {
        guard case .object(let o) = values[i] else { throw .operand(i + 1, expected: "object", got: values[i]) }
        return o
    }
}

/// One builtin function: its declaration and implementation. Builtins are data, registered per
/// category file into `BuiltinRegistry`. A class (all fields constant) so that a compiled call
/// holds one reference rather than copying five fields at every call.
public final class Builtin: Sendable {
    public typealias Body = @Sendable (Arguments) throws(BuiltinError) -> Value?

    /// The dotted Rego name (`"object.get"`, `"count"`, `"plus"` for `+`).
    public let name: String
    public let arguments: [ArgumentType]
    public let result: ArgumentType
    public let category: String
    /// False for builtins whose result may differ between calls with the same operands.
    public let deterministic: Bool
    /// Returns the result, or nil when the call is undefined.
    public let body: Body
    /// For the comparison operators: the test on `Value.compare`, which the evaluator applies
    /// inline (same result as `body`, without building `Arguments` and calling through closures).
    let comparison: ComparisonTest?

    public init(_ name: String, _ arguments: [ArgumentType], _ result: ArgumentType, category: String,
                deterministic: Bool = true, body: @escaping Body) {
        self.name = name
        self.arguments = arguments
        self.result = result
        self.category = category
        self.deterministic = deterministic
        self.body = body
        self.comparison = nil
    }

    init(comparison name: String, _ test: ComparisonTest) {
        self.name = name
        arguments = [.any, .any]
        result = .boolean
        category = "comparison"
        deterministic = true
        body = { args in .bool(test.holds(Value.compare(args[0], args[1]))) }
        comparison = test
    }
}

/// What a comparison operator tests of `Value.compare(a, b)`.
enum ComparisonTest: Sendable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

    @inline(__always)
    func holds(_ c: Int) -> Bool {
        switch self {
        case .equal: c == 0
        case .notEqual: c != 0
        case .less: c < 0
        case .lessOrEqual: c <= 0
        case .greater: c > 0
        case .greaterOrEqual: c >= 0
        }
    }
}
