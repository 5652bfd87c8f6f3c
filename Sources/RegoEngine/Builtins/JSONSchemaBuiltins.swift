import RegoValue

/// `json.verify_schema(schema)` → `[valid, error]` and `json.match_schema(document, schema)` →
/// `[matches, errors]`: JSON Schema (draft 4 to 7 keywords) with errors shaped as OPA gives them,
/// `{"error", "desc", "field", "type"}`. Schema and document may each be a value or its JSON text.
///
/// Keywords checked: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `minProperties`, `maxProperties`, `items` (one schema or one per place),
/// `additionalItems`, `minItems`, `maxItems`, `uniqueItems`, `contains`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum` (draft 4's booleans and later numbers), `multipleOf`,
/// `minLength`, `maxLength`, `pattern`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
/// `dependencies`, and `$ref` within the schema (`#`, `#/definitions/…`, `#/$defs/…`).
enum JSONSchemaBuiltins {
    static let all: [Builtin] = [
        Builtin("json.verify_schema", [.oneOf([.string, .object, .boolean])], .array, category: "encoding") { args throws(BuiltinError) in
            let checked = Result { () throws(BuiltinError) in try schema(args[0]) }
            switch checked {
            case .success: return .array([true, .null])
            case .failure(let error): return .array([false, .string(error.message)])
            }
        },
        Builtin("json.match_schema", [.oneOf([.string, .object, .array, .number, .boolean, .null]), .oneOf([.string, .object, .boolean])], .array, category: "encoding") { args throws(BuiltinError) in
            let root = try schema(args[1])
            let document = try value(args[0], what: "document")
            var validator = Validator(root: root, context: args.context)
            try validator.check(document, against: root, at: [])
            return .array([.bool(validator.errors.isEmpty), .array(validator.errors)])
        },
    ]

    /// A document or schema given as a value or as its JSON text.
    static func value(_ operand: Value, what: String) throws(BuiltinError) -> Value {
        guard case .string(let text) = operand else { return operand }
        do { return try JSONReader.parse(text) } catch { throw .builtin("the \(what) is not valid JSON: \(error.message)") }
    }

    static let typeNames: Set<String> = ["array", "boolean", "integer", "number", "null", "object", "string"]

    /// The schema, checked to be one: its `type`s are JSON types, its keywords have the shapes
    /// they need.
    static func schema(_ operand: Value) throws(BuiltinError) -> Value {
        let schema = try value(operand, what: "schema")
        try checkSchema(schema)
        return schema
    }

    private static func checkSchema(_ schema: Value) throws(BuiltinError) {
        if case .bool = schema { return }
        guard case .object(let object) = schema else { throw .builtin("a schema must be an object or a boolean but got \(schema.typeName)") }
        if let type = object[.string("type")] {
            let names: [Value]
            switch type {
            case .string: names = [type]
            case .array(let items): names = items
            default: throw .builtin("`type` must be a string or an array of strings but got \(type.typeName)")
            }
            for name in names {
                guard case .string(let text) = name, typeNames.contains(text) else {
                    throw .builtin("has a primitive type that is NOT VALID -- given: /\(name.stringValue ?? name.regoText)/ Expected valid values are:[array boolean integer number null object string]")
                }
            }
        }
        if let required = object[.string("required")] {
            guard case .array(let names) = required, names.allSatisfy({ $0.stringValue != nil }) else {
                throw .builtin("`required` must be an array of strings")
            }
        }
        for key in ["properties", "patternProperties", "definitions", "$defs"] {
            guard let member = object[.string(key)] else { continue }
            guard case .object(let schemas) = member else { throw .builtin("`\(key)` must be an object of schemas") }
            for sub in schemas.values { try checkSchema(sub) }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            guard let member = object[.string(key)] else { continue }
            guard case .array(let schemas) = member, !schemas.isEmpty else { throw .builtin("`\(key)` must be a non-empty array of schemas") }
            for sub in schemas { try checkSchema(sub) }
        }
        for key in ["not", "additionalProperties", "additionalItems", "contains", "if", "then", "else"] {
            if let sub = object[.string(key)] { try checkSchema(sub) }
        }
        if let items = object[.string("items")] {
            if case .array(let schemas) = items { for sub in schemas { try checkSchema(sub) } } else { try checkSchema(items) }
        }
        for key in ["minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
            if let bound = object[.string(key)], bound.numberValue == nil { throw .builtin("`\(key)` must be a number but got \(bound.typeName)") }
        }
        if let pattern = object[.string("pattern")], pattern.stringValue == nil { throw .builtin("`pattern` must be a string") }
    }

    /// Walks a document against a schema, collecting errors as OPA reports them.
    struct Validator {
        let root: Value
        let context: BuiltinContext
        var errors: [Value] = []
        /// `$ref`s being followed, against a schema that refers to itself without consuming input.
        var depth = 0

        mutating func report(_ type: String, _ description: String, at path: [String]) {
            let field = path.isEmpty ? "(root)" : path.joined(separator: ".")
            errors.append(.object(RegoObject([
                (.string("error"), .string("\(field): \(description)")), (.string("desc"), .string(description)),
                (.string("field"), .string(field)), (.string("type"), .string(type)),
            ])))
        }

        /// Whether `document` matches `schema`, without recording errors.
        mutating func matches(_ document: Value, _ schema: Value, at path: [String]) throws(BuiltinError) -> Bool {
            let saved = errors
            defer { errors = saved }
            errors = []
            try check(document, against: schema, at: path)
            return errors.isEmpty
        }

        mutating func check(_ document: Value, against schema: Value, at path: [String]) throws(BuiltinError) {
            if case .bool(let allowed) = schema {
                if !allowed { report("false", "False always fails validation", at: path) }
                return
            }
            guard case .object(let s) = schema else { return }
            if case .string(let reference)? = s[.string("$ref")] {
                guard depth < 64 else { throw .builtin("schema reference \(reference) refers to itself without end") }
                depth += 1
                defer { depth -= 1 }
                try check(document, against: try resolve(reference), at: path)
                return
            }
            try checkType(document, s, at: path)
            if let allowed = s[.string("enum")], case .array(let values) = allowed, !values.contains(document) {
                report("enum", "\(path.last ?? "(root)") must be one of the following: \(values.map { $0.jsonText }.joined(separator: ", "))", at: path)
            }
            if let constant = s[.string("const")], constant != document {
                report("const", "\(path.last ?? "(root)") does not match: \(constant.jsonText)", at: path)
            }
            switch document {
            case .object(let object): try checkObject(object, s, at: path)
            case .array(let items): try checkArray(items, s, at: path)
            case .number(let n): checkNumber(n, s, at: path)
            case .string(let text): try checkString(text, s, at: path)
            default: break
            }
            try checkCombinations(document, s, at: path)
        }

        func resolve(_ reference: String) throws(BuiltinError) -> Value {
            guard reference == "#" || reference.hasPrefix("#/") else {
                throw .builtin("schema reference \(reference) is not within the schema (only `#` and `#/…` are followed)")
            }
            var current = root
            for part in reference.dropFirst(2).split(separator: "/") {
                let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                guard let next = current[.string(key)] ?? (Int(key).flatMap { current[.number(.int($0))] }) else {
                    throw .builtin("schema reference \(reference) points at nothing in the schema")
                }
                current = next
            }
            return current
        }

        mutating func checkType(_ document: Value, _ s: RegoObject, at path: [String]) throws(BuiltinError) {
            guard let type = s[.string("type")] else { return }
            let wanted: [String] = type.stringValue.map { [$0] } ?? ((type.arrayValue ?? []).compactMap(\.stringValue))
            let given = Self.typeName(document)
            let fits = wanted.contains(given) || (given == "integer" && wanted.contains("number"))
            if !fits {
                report("invalid_type", "Invalid type. Expected: \(wanted.joined(separator: ", ")), given: \(given)", at: path)
            }
        }

        static func typeName(_ value: Value) -> String {
            switch value {
            case .null: "null"
            case .bool: "boolean"
            case .number(let n): n.doubleValue.rounded() == n.doubleValue && n.doubleValue.isFinite ? "integer" : "number"
            case .string: "string"
            case .array: "array"
            case .object, .set: "object"
            }
        }

        mutating func checkObject(_ object: RegoObject, _ s: RegoObject, at path: [String]) throws(BuiltinError) {
            if case .array(let required)? = s[.string("required")] {
                for case .string(let name) in required where object[.string(name)] == nil {
                    report("required", "\(name) is required", at: path)
                }
            }
            let properties = s[.string("properties")]?.objectValue
            let patterns = s[.string("patternProperties")]?.objectValue
            for (key, value) in zip(object.keys, object.values) {
                let name = key.stringValue ?? key.jsonText
                var described = false
                if let sub = properties?[key] {
                    described = true
                    try check(value, against: sub, at: path + [name])
                }
                if let patterns {
                    for (pattern, sub) in zip(patterns.keys, patterns.values) {
                        guard case .string(let text) = pattern, try GoRegex.cached(text, in: context).matches(name) else { continue }
                        described = true
                        try check(value, against: sub, at: path + [name])
                    }
                }
                if !described, let additional = s[.string("additionalProperties")] {
                    if case .bool(false) = additional {
                        report("additional_property_not_allowed", "Additional property \(name) is not allowed", at: path)
                    } else {
                        try check(value, against: additional, at: path + [name])
                    }
                }
            }
            if let minimum = s[.string("minProperties")]?.numberValue?.doubleValue, Double(object.count) < minimum {
                report("array_min_properties", "Must have at least \(Self.text(minimum)) properties", at: path)
            }
            if let maximum = s[.string("maxProperties")]?.numberValue?.doubleValue, Double(object.count) > maximum {
                report("array_max_properties", "Must have at most \(Self.text(maximum)) properties", at: path)
            }
            if case .object(let dependencies)? = s[.string("dependencies")] {
                for (key, dependency) in zip(dependencies.keys, dependencies.values) where object[key] != nil {
                    if case .array(let names) = dependency {
                        for case .string(let name) in names where object[.string(name)] == nil {
                            report("missing_dependency", "Has a dependency on \(name)", at: path)
                        }
                    } else {
                        try check(.object(object), against: dependency, at: path)
                    }
                }
            }
        }

        mutating func checkArray(_ items: [Value], _ s: RegoObject, at path: [String]) throws(BuiltinError) {
            switch s[.string("items")] {
            case .array(let schemas)?:
                for (index, item) in items.enumerated() {
                    if index < schemas.count {
                        try check(item, against: schemas[index], at: path + [String(index)])
                    } else if let additional = s[.string("additionalItems")] {
                        if case .bool(false) = additional {
                            report("array_no_additional_items", "No additional items allowed on array", at: path)
                            break
                        }
                        try check(item, against: additional, at: path + [String(index)])
                    }
                }
            case let schema?:
                for (index, item) in items.enumerated() { try check(item, against: schema, at: path + [String(index)]) }
            case nil:
                break
            }
            if let minimum = s[.string("minItems")]?.numberValue?.doubleValue, Double(items.count) < minimum {
                report("array_min_items", "Array must have at least \(Self.text(minimum)) items", at: path)
            }
            if let maximum = s[.string("maxItems")]?.numberValue?.doubleValue, Double(items.count) > maximum {
                report("array_max_items", "Array must have at most \(Self.text(maximum)) items", at: path)
            }
            if case .bool(true)? = s[.string("uniqueItems")] {
                outer: for i in items.indices {
                    for j in items.indices where j > i && items[i] == items[j] {
                        report("unique", "array items[\(i),\(j)] must be unique", at: path)
                        break outer
                    }
                }
            }
            if let contains = s[.string("contains")] {
                var found = false
                for (index, item) in items.enumerated() where try matches(item, contains, at: path + [String(index)]) { found = true; break }
                if !found { report("contains", "At least one of the items must match", at: path) }
            }
        }

        mutating func checkNumber(_ number: Number, _ s: RegoObject, at path: [String]) {
            let x = number.doubleValue
            // Draft 4 writes exclusiveMinimum/exclusiveMaximum as booleans beside minimum/maximum.
            if let minimum = s[.string("minimum")]?.numberValue?.doubleValue {
                if case .bool(true)? = s[.string("exclusiveMinimum")] {
                    if x <= minimum { report("number_gt", "Must be greater than \(Self.text(minimum))", at: path) }
                } else if x < minimum {
                    report("number_gte", "Must be greater than or equal to \(Self.text(minimum))", at: path)
                }
            }
            if let maximum = s[.string("maximum")]?.numberValue?.doubleValue {
                if case .bool(true)? = s[.string("exclusiveMaximum")] {
                    if x >= maximum { report("number_lt", "Must be less than \(Self.text(maximum))", at: path) }
                } else if x > maximum {
                    report("number_lte", "Must be less than or equal to \(Self.text(maximum))", at: path)
                }
            }
            if let bound = s[.string("exclusiveMinimum")]?.numberValue?.doubleValue, x <= bound {
                report("number_gt", "Must be greater than \(Self.text(bound))", at: path)
            }
            if let bound = s[.string("exclusiveMaximum")]?.numberValue?.doubleValue, x >= bound {
                report("number_lt", "Must be less than \(Self.text(bound))", at: path)
            }
            if let divisor = s[.string("multipleOf")]?.numberValue?.doubleValue, divisor > 0 {
                let quotient = x / divisor
                if abs(quotient - quotient.rounded()) > 1e-9 * max(1, abs(quotient)) {
                    report("multiple_of", "Must be a multiple of \(Self.text(divisor))", at: path)
                }
            }
        }

        mutating func checkString(_ text: String, _ s: RegoObject, at path: [String]) throws(BuiltinError) {
            let length = Double(text.unicodeScalars.count)
            if let minimum = s[.string("minLength")]?.numberValue?.doubleValue, length < minimum {
                report("string_gte", "String length must be greater than or equal to \(Self.text(minimum))", at: path)
            }
            if let maximum = s[.string("maxLength")]?.numberValue?.doubleValue, length > maximum {
                report("string_lte", "String length must be less than or equal to \(Self.text(maximum))", at: path)
            }
            if case .string(let pattern)? = s[.string("pattern")], !(try GoRegex.cached(pattern, in: context).matches(text)) {
                report("pattern", "Does not match pattern '\(pattern)'", at: path)
            }
        }

        mutating func checkCombinations(_ document: Value, _ s: RegoObject, at path: [String]) throws(BuiltinError) {
            if case .array(let schemas)? = s[.string("allOf")] {
                var all = true
                for sub in schemas where !(try matches(document, sub, at: path)) { all = false }
                if !all {
                    for sub in schemas { try check(document, against: sub, at: path) }
                    report("number_all_of", "Must validate all the schemas (allOf)", at: path)
                }
            }
            if case .array(let schemas)? = s[.string("anyOf")] {
                var any = false
                for sub in schemas where try matches(document, sub, at: path) { any = true; break }
                if !any { report("number_any_of", "Must validate at least one schema (anyOf)", at: path) }
            }
            if case .array(let schemas)? = s[.string("oneOf")] {
                var count = 0
                for sub in schemas where try matches(document, sub, at: path) { count += 1 }
                if count != 1 { report("number_one_of", "Must validate one and only one schema (oneOf)", at: path) }
            }
            if let negated = s[.string("not")], try matches(document, negated, at: path) {
                report("number_not", "Must not validate the schema (not)", at: path)
            }
            if let condition = s[.string("if")] {
                if try matches(document, condition, at: path) {
                    if let then = s[.string("then")], !(try matches(document, then, at: path)) {
                        try check(document, against: then, at: path)
                        report("condition_then", "Must validate \"then\" as \"if\" was valid", at: path)
                    }
                } else if let otherwise = s[.string("else")], !(try matches(document, otherwise, at: path)) {
                    try check(document, against: otherwise, at: path)
                    report("condition_else", "Must validate \"else\" as \"if\" was not valid", at: path)
                }
            }
        }

        /// A bound as JSON writes it (`5`, not `5.0`).
        static func text(_ x: Double) -> String {
            x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        }
    }
}
