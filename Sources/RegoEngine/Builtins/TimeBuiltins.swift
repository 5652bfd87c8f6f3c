import RegoValue

/// Time builtins.
enum TimeBuiltins {
    static let all: [Builtin] = [
        Builtin("time.now_ns", [], .number, category: "time", deterministic: false) { args in
            .int(Int(args.context.nowNanoseconds))
        },
    ]
}
