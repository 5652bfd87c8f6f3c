import RegoValue

/// Type builtins: `is_<type>` (false for any other type, never undefined) and `type_name`.
enum TypeBuiltins {
    static let all: [Builtin] = [
        check("is_number") { if case .number = $0 { true } else { false } },
        check("is_string") { if case .string = $0 { true } else { false } },
        check("is_boolean") { if case .bool = $0 { true } else { false } },
        check("is_array") { if case .array = $0 { true } else { false } },
        check("is_set") { if case .set = $0 { true } else { false } },
        check("is_object") { if case .object = $0 { true } else { false } },
        check("is_null") { if case .null = $0 { true } else { false } },
        Builtin("type_name", [.any], .string, category: "types") { args in
            .string(args[0].typeName)
        },
    ]

    static func check(_ name: String, _ test: @escaping @Sendable (Value) -> Bool) -> Builtin {
        Builtin(name, [.any], .boolean, category: "types") { args in .bool(test(args[0])) }
    }
}
