import RegoValue

/// `semver.is_valid` and `semver.compare`: versions as OPA reads them, `MAJOR.MINOR.PATCH` (decimal
/// numbers), then optionally `-` and a pre-release, then optionally `+` and build metadata, each of
/// those dot-separated identifiers of ASCII letters, digits and hyphens. Precedence follows
/// Semantic Versioning 2.0.0: the three numbers, then a version with a pre-release before the same
/// one without; pre-releases compare identifier by identifier (numbers by value and before words,
/// words by their bytes, a shorter list first when all else is equal); metadata does not count.
enum SemVerBuiltins {
    static let all: [Builtin] = [
        Builtin("semver.is_valid", [.any], .boolean, category: "semver") { args throws(BuiltinError) in
            guard case .string(let text) = args[0] else { return .bool(false) }
            return .bool(SemanticVersion(text) != nil)
        },
        Builtin("semver.compare", [.string, .string], .number, category: "semver") { args throws(BuiltinError) in
            let a = try version(args, 0), b = try version(args, 1)
            return .number(.int(a.compare(b)))
        },
    ]

    static func version(_ args: Arguments, _ index: Int) throws(BuiltinError) -> SemanticVersion {
        let text = try args.string(index)
        guard let version = SemanticVersion(text) else {
            throw .builtin("operand \(index + 1): string \"\(text)\" is not a valid SemVer")
        }
        return version
    }
}

/// A parsed version: its three numbers and its pre-release identifiers (metadata is dropped).
struct SemanticVersion {
    var numbers: [Int64]
    var preRelease: [Substring]

    init?(_ text: String) {
        var rest = Substring(text)
        if let plus = rest.firstIndex(of: "+") {
            guard Self.identifiers(rest[rest.index(after: plus)...]) != nil else { return nil }
            rest = rest[..<plus]
        }
        preRelease = []
        if let dash = rest.firstIndex(of: "-") {
            guard let identifiers = Self.identifiers(rest[rest.index(after: dash)...]) else { return nil }
            preRelease = identifiers
            rest = rest[..<dash]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        numbers = []
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int64(part) else { return nil }
            numbers.append(number)
        }
    }

    /// Dot-separated identifiers of letters, digits and hyphens; nil when one is empty or holds
    /// anything else.
    static func identifiers(_ text: Substring) -> [Substring]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45 }) else { return nil }
        }
        return parts
    }

    /// −1, 0 or 1 as this version comes before, with or after `other`.
    func compare(_ other: SemanticVersion) -> Int {
        for (a, b) in zip(numbers, other.numbers) where a != b { return a < b ? -1 : 1 }
        switch (preRelease.isEmpty, other.preRelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): break
        }
        for (a, b) in zip(preRelease, other.preRelease) {
            let x = Self.numeric(a), y = Self.numeric(b)
            switch (x, y) {
            case let (x?, y?): if x != y { return x < y ? -1 : 1 }
            case (.some, nil): return -1
            case (nil, .some): return 1
            case (nil, nil): if a != b { return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1 }
            }
        }
        return preRelease.count == other.preRelease.count ? 0 : (preRelease.count < other.preRelease.count ? -1 : 1)
    }

    /// The value of an identifier of digits only (compared as a number); nil for any other.
    static func numeric(_ identifier: Substring) -> UInt64? {
        identifier.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? UInt64(identifier) ?? .max : nil
    }
}
