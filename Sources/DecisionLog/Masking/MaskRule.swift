import RegoValue

/// One rule of `data.system.log.mask`, as OPA defines them: a JSON pointer string erases what it
/// points at; `{"op": "upsert", "path": …, "value": …}` replaces it; `{"op": "remove", "path": …}`
/// erases it. Pointers start at `/input` or `/result`.
///
/// ```swift
/// let rules = try MaskRule.rules(from: maskValue)        // the value of data.system.log.mask
/// if !MaskRule.shouldDrop(dropValue) { record = MaskRule.apply(rules, to: record) }
/// ```
public struct MaskRule: Sendable, Equatable {
    /// What the rule does.
    public enum Operation: Sendable, Equatable {
        /// Remove the value (listed in `erased`).
        case remove
        /// Replace or add the value (listed in `masked`).
        case upsert(Value)
    }

    /// Where, as a JSON pointer into the event (`/input/password`).
    public let pointer: JSONPointer
    /// What to do there.
    public let operation: Operation

    /// A rule from its parts.
    public init(pointer: JSONPointer, operation: Operation) {
        self.pointer = pointer
        self.operation = operation
    }

    /// Parses the value of `data.system.log.mask`: a set or array of rules (undefined → none).
    public static func rules(from value: Value?) throws(DecisionLogError) -> [MaskRule] {
        let items: [Value]
        switch value {
        case nil, .null?: return []
        case .array(let a)?: items = a
        case .set(let s)?: items = s.elements
        case let other?:
            throw .badMaskRule(index: 0, reason: "expected a set or array of rules but got a \(other.typeName)")
        }
        var rules: [MaskRule] = []
        for (index, item) in items.enumerated() {
            rules.append(try rule(from: item, index: index))
        }
        return rules
    }

    private static func rule(from item: Value, index: Int) throws(DecisionLogError) -> MaskRule {
        if let text = item.stringValue { return MaskRule(pointer: try pointer(text, index), operation: .remove) }
        guard let o = item.objectValue else {
            throw .badMaskRule(index: index, reason: "a \(item.typeName) is neither a pointer string nor an op object")
        }
        guard let pathText = o["path"]?.stringValue else {
            throw .badMaskRule(index: index, reason: "the object has no string \"path\"")
        }
        let pointer = try pointer(pathText, index)
        switch o["op"]?.stringValue {
        case "remove"?:
            return MaskRule(pointer: pointer, operation: .remove)
        case "upsert"?:
            guard let value = o["value"] else {
                throw .badMaskRule(index: index, reason: "an upsert needs a \"value\"")
            }
            return MaskRule(pointer: pointer, operation: .upsert(value))
        default:
            throw .badMaskRule(index: index, reason: "\"op\" must be \"remove\" or \"upsert\"")
        }
    }

    private static func pointer(_ text: String, _ index: Int) throws(DecisionLogError) -> JSONPointer {
        guard let pointer = JSONPointer(text), let root = pointer.tokens.first, root == "input" || root == "result" else {
            throw .badMaskRule(index: index, reason: "pointer \"\(text)\" does not start with /input or /result")
        }
        return pointer
    }

    /// Whether the value of `data.system.log.drop` says the record must not be written (exactly true).
    public static func shouldDrop(_ value: Value?) -> Bool { value?.boolValue == true }

    /// Applies `rules` in order to the record's `input` and `result`, listing the pointers actually
    /// removed in `erased` and those replaced in `masked` (sorted, as OPA lists them).
    public static func apply(_ rules: [MaskRule], to record: DecisionRecord) -> DecisionRecord {
        var record = record
        for rule in rules { rule.apply(to: &record) }
        record.erased.sort()
        record.masked.sort()
        return record
    }

    /// Applies this rule to the record in place.
    public func apply(to record: inout DecisionRecord) {
        // Rules parsed by `rules(from:)` always have a root; a hand-built empty pointer does nothing.
        guard let root = pointer.tokens.first, root == "input" || root == "result" else { return }
        let rest = pointer.tokens.dropFirst()
        var target: Value? = root == "input" ? record.input : record.result
        switch operation {
        case .remove:
            guard var value = target else { return }
            if rest.isEmpty {
                target = nil
            } else {
                guard JSONPointer.remove(rest, in: &value) else { return }
                target = value
            }
            if !record.erased.contains(pointer.description) { record.erased.append(pointer.description) }
        case .upsert(let replacement):
            var value = target ?? .emptyObject
            guard JSONPointer.upsert(rest, in: &value, replacement: replacement) else { return }
            target = value
            if !record.masked.contains(pointer.description) { record.masked.append(pointer.description) }
        }
        if root == "input" { record.input = target } else { record.result = target }
    }
}
