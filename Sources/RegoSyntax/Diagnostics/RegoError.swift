/// An error in Rego source or evaluation, with OPA's code, a message and a location.
public struct RegoError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var location: Location?

    public init(code: String, message: String, location: Location?) {
        self.code = code
        self.message = message
        self.location = location
    }

    public static let parse = "rego_parse_error"
    public static let compile = "rego_compile_error"
    public static let type = "rego_type_error"
    public static let unsafeVar = "rego_unsafe_var_error"
    public static let recursion = "rego_recursion_error"
    public static let evalConflict = "eval_conflict_error"
    public static let evalType = "eval_type_error"
    public static let evalBuiltin = "eval_builtin_error"
    public static let cancel = "eval_cancel_error"

    /// `file:line:col: code: message`, as `tollgate check` prints it.
    public var description: String {
        if let location { return "\(location): \(code): \(message)" }
        return "\(code): \(message)"
    }
}

/// Several errors, sorted by location.
public struct RegoErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RegoError]

    public init(_ errors: [RegoError]) {
        self.errors = errors.sorted { a, b in
            let la = a.location ?? .unknown, lb = b.location ?? .unknown
            if la.file != lb.file { return la.file < lb.file }
            if la.line != lb.line { return la.line < lb.line }
            return la.column < lb.column
        }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
