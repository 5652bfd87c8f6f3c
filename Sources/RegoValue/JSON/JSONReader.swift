import CJansson

/// Reads JSON text into `Value`s: well-formed text directly (`DirectJSONReader`), anything else
/// with libjansson, which validates the text, reports errors and limits nesting depth.
public enum JSONReader {
    /// Deepest nesting accepted (jansson's own parser limit is 2048).
    public static let maxDepth = 2048

    /// Parses one JSON document (any value at the top level).
    ///
    /// Integers outside jansson's 64-bit range are accepted: the text is validated by jansson and
    /// then read by `ExactJSONScanner`, which keeps such integers verbatim as `Number.bigInteger`.
    public static func parse(_ text: String) throws(JSONError) -> Value {
        var text = text
        let result: Result<Value, JSONError> = text.withUTF8 { bytes in
            Result { () throws(JSONError) -> Value in try parse(bytes: bytes) }
        }
        return try result.get()
    }

    /// Parses one JSON document from UTF-8 bytes.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> Value {
        // Plainly valid text is read directly; everything else (errors included) goes to jansson.
        if let value = DirectJSONReader.read(bytes) { return value }
        return try parseWithJansson(bytes: bytes)
    }

    /// Parses with jansson only (errors, edge cases; tests compare both readers).
    static func parseWithJansson(bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> Value {
        var error = json_error_t()
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL)
        guard let root = bytes.baseAddress.map({ base in
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { json_loadb($0, bytes.count, flags, &error) }
        }) ?? nil else {
            let message = janssonText(&error)
            if message.hasPrefix("too big") {
                return try ExactJSONScanner.scan(bytes)
            }
            if bytes.isEmpty { throw JSONError(message: "empty document: expected a JSON value", line: 1, column: 1) }
            throw JSONError(message: message, line: max(1, Int(error.line)), column: max(1, Int(error.column)))
        }
        defer { json_decref(root) }
        return convert(root)
    }

    private static func janssonText(_ error: inout json_error_t) -> String {
        withUnsafeBytes(of: &error.text) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Converts a jansson tree (borrowed, not released here) into a `Value`. Depth is bounded by
    /// jansson's parser limit.
    private static func convert(_ node: UnsafeMutablePointer<json_t>) -> Value {
        switch node.pointee.type {
        case JSON_NULL: return .null
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_INTEGER: return .number(.int(Int(json_integer_value(node))))
        case JSON_REAL: return .number(Number(json_real_value(node)))
        case JSON_STRING:
            let length = json_string_length(node)
            guard let chars = json_string_value(node) else { return .string("") }
            return chars.withMemoryRebound(to: UInt8.self, capacity: length) {
                .string(String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self))
            }
        case JSON_ARRAY:
            let n = json_array_size(node)
            var out: [Value] = []
            out.reserveCapacity(n)
            for i in 0..<n {
                if let child = json_array_get(node, i) { out.append(convert(child)) }
            }
            return .array(out)
        case JSON_OBJECT:
            var pairs: [(Value, Value)] = []
            pairs.reserveCapacity(json_object_size(node))
            var iter = json_object_iter(node)
            while let it = iter {
                if let keyPtr = json_object_iter_key(it), let child = json_object_iter_value(it) {
                    let keyLength = json_object_iter_key_len(it)
                    let key = keyPtr.withMemoryRebound(to: UInt8.self, capacity: keyLength) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: keyLength), as: UTF8.self)
                    }
                    pairs.append((.string(key), convert(child)))
                }
                iter = json_object_iter_next(node, it)
            }
            return .object(RegoObject(pairs))
        default:
            return .null
        }
    }
}
