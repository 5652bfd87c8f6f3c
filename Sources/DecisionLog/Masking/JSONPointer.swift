import Foundation
import RegoValue

/// An RFC 6901 JSON pointer (`/input/user/password`, `~1` for `/`, `~0` for `~`) and the two edits
/// masking needs: remove what it points at, or put a value there.
public struct JSONPointer: Sendable, Equatable, CustomStringConvertible {
    /// The unescaped reference tokens.
    public let tokens: [String]
    /// The pointer as written.
    public let description: String

    /// Parses `text`; nil unless it is empty or starts with `/`.
    public init?(_ text: String) {
        guard text.isEmpty || text.hasPrefix("/") else { return nil }
        description = text
        tokens = text.isEmpty ? [] : text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Removes the value at `tokens` inside `value`; false when nothing was there.
    static func remove(_ tokens: ArraySlice<String>, in value: inout Value) -> Bool {
        guard let first = tokens.first else { return false }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var o):
            guard var child = o[first] else { return false }
            if rest.isEmpty {
                o[first] = nil
            } else {
                guard remove(rest, in: &child) else { return false }
                o[first] = child
            }
            value = .object(o)
            return true
        case .array(var a):
            guard let i = Int(first), i >= 0, i < a.count else { return false }
            if rest.isEmpty {
                a.remove(at: i)
            } else {
                guard remove(rest, in: &a[i]) else { return false }
            }
            value = .array(a)
            return true
        default:
            return false
        }
    }

    /// Puts `replacement` at `tokens` inside `value`, creating missing objects on the way (as OPA's
    /// `upsert` does); false when a non-object stands in the way.
    static func upsert(_ tokens: ArraySlice<String>, in value: inout Value, replacement: Value) -> Bool {
        guard let first = tokens.first else {
            value = replacement
            return true
        }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var o):
            var child = o[first] ?? .emptyObject
            guard upsert(rest, in: &child, replacement: replacement) else { return false }
            o[first] = child
            value = .object(o)
            return true
        case .array(var a):
            guard let i = Int(first), i >= 0, i < a.count else { return false }
            guard upsert(rest, in: &a[i], replacement: replacement) else { return false }
            value = .array(a)
            return true
        default:
            return false
        }
    }
}
