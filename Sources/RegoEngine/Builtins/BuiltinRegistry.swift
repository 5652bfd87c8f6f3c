/// All builtins by name: one immutable registry built once from the category lists.
public struct BuiltinRegistry: Sendable {
    public let builtins: [String: Builtin]

    public init(_ lists: [[Builtin]]) {
        var all: [String: Builtin] = [:]
        for list in lists { for b in list { all[b.name] = b } }
        builtins = all
    }

    public subscript(name: String) -> Builtin? { builtins[name] }

    /// Every builtin Tollgate ships.
    public static let standard = BuiltinRegistry([
        ComparisonBuiltins.all,
        NumberBuiltins.all,
        AggregateBuiltins.all,
        ArrayBuiltins.all,
        SetBuiltins.all,
        ObjectBuiltins.all,
        JSONPathBuiltins.all,
        StringBuiltins.all,
        SprintfBuiltins.all,
        RegexBuiltins.all,
        GlobBuiltins.all,
        EncodingBuiltins.all,
        JSONBuiltins.all,
        TypeBuiltins.all,
        BitsBuiltins.all,
        CastBuiltins.all,
        TimeBuiltins.all,
        JWTBuiltins.all,
        JWTVerifyBuiltins.all,
        JWTSignBuiltins.all,
        UnitsBuiltins.all,
        NetBuiltins.all,
        CryptoBuiltins.all,
        SemVerBuiltins.all,
        UUIDBuiltins.all,
        GraphBuiltins.all,
        AWSBuiltins.all,
        NetLookupBuiltins.all,
        JSONSchemaBuiltins.all,
        TemplateBuiltins.all,
        TemplateStringBuiltins.all,
    ])
}
