/// A Rego value: the JSON types plus sets, with Rego's total order.
///
/// Containers share their storage (copy-on-write), so passing a `Value` around never copies
/// its contents. The enum is deliberately not `indirect`: containers already hold a reference.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    case array([Value])
    case set(RegoSet)
    case object(RegoObject)
}

extension Value {
    /// The Rego type name, as `type_name` reports it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .set: "set"
        case .object: "object"
        }
    }

    /// Rank of the type in Rego's total order (null < boolean < number < string < array < object < set).
    @inlinable var typeRank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .number: 2
        case .string: 3
        case .array: 4
        case .object: 5
        case .set: 6
        }
    }

    public static func int(_ i: Int) -> Value { .number(.int(i)) }
    public static func double(_ d: Double) -> Value { .number(Number(d)) }
    public static let emptyObject = Value.object(RegoObject())
    public static let emptySet = Value.set(RegoSet())
    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var arrayValue: [Value]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: RegoObject? { if case .object(let o) = self { return o }; return nil }
    public var setValue: RegoSet? { if case .set(let s) = self { return s }; return nil }
    public var numberValue: Number? { if case .number(let n) = self { return n }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }

    /// Whether the value is a container (array, set, object).
    public var isCollection: Bool {
        switch self {
        case .array, .set, .object: true
        default: false
        }
    }

    /// Looks one step into a collection: array index, object key, or set membership.
    public subscript(key: Value) -> Value? {
        switch self {
        case .array(let a):
            guard case .number(let n) = key, let i = n.exactInt, i >= 0, i < a.count else { return nil }
            return a[i]
        case .object(let o):
            return o[key]
        case .set(let s):
            // Not a ternary: with `Value: ExpressibleByNilLiteral` its `nil` would be `Value.null`.
            guard s.contains(key) else { return Optional.none }
            return key
        default:
            return nil
        }
    }

    /// Looks up a path of keys.
    public func lookup<C: Collection>(_ path: C) -> Value? where C.Element == Value {
        var current = self
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(.int(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .number(Number(value)) }
}

extension Value: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(RegoObject(elements.map { (Value.string($0.0), $0.1) }))
    }
}
