import RegoValue

/// Reads and writes XML bodies as Rego values, with a small hand-written parser (no DTDs, no
/// external entities, bounded nesting).
///
/// Reading maps a document to a value as follows:
/// - The document becomes `{rootName: element}`.
/// - An element with no attributes and no child elements becomes its text content, a string
///   (`""` when empty), whitespace kept as written.
/// - Any other element becomes an object: each attribute as key `"@name"`; each child element under
///   its name, and a name repeated among siblings as an array of those children in document order;
///   the element's own text (all text pieces concatenated, then trimmed) as `"#text"` unless it is
///   only whitespace.
/// - Qualified names stay as written (`"ns:order"`); `xmlns` and `xmlns:p` are ordinary attributes
///   (`"@xmlns:p"`). Text is never converted to numbers or booleans: XML has no types.
/// - Comments and processing instructions are skipped; CDATA is text. The five predefined entities
///   and numeric character references are decoded; a DOCTYPE is rejected, so no entity can expand.
///
/// Writing is the inverse:
/// - A single-key object `{name: v}` whose key is an XML name becomes the root element `name`;
///   any other value is wrapped in a `rootName` element.
/// - An object element: `"@"` keys are attributes, `"#text"` is text written before the children,
///   other keys are child elements, and an array value repeats the child once per item.
/// - Strings are text; numbers are their JSON text; booleans are `true`/`false`; null is an empty
///   element `<name/>`, and as an attribute value null omits the attribute.
/// - An array (or set) as an element's own value, at the root or as an item of an array, writes one
///   `<item>` child per item.
///
/// `parse(serialize(parse(xml))) == parse(xml)` for every document, and `parse(serialize(v)) == v`
/// for values of the form `{name: element}` whose leaves are strings and whose shape is one that
/// reading produces (no one-item arrays, no `"#text"` without attributes or children).
///
/// ```swift
/// let order = try XMLCodec.parse(#"<order id="7"><item>a</item><item>b</item></order>"#)
/// // {"order": {"@id": "7", "item": ["a", "b"]}}
/// let text = try XMLCodec.serialize(order)
/// ```
public enum XMLCodec {
    /// Parses an XML document into `{rootName: element}`; elements nested deeper than `maxDepth`
    /// are an error.
    public static func parse(_ text: String, maxDepth: Int = 512) throws(CodecError) -> Value {
        var parser = Parser(text, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Writes `value` as an XML document that starts with an XML declaration.
    public static func serialize(_ value: Value, rootName: String = "result") throws(CodecError) -> String {
        guard isName(rootName) else {
            throw .unplaced("xml", "root name \"\(rootName)\" is not a valid XML name; use letters, digits, '_', '-', '.' or ':', starting with a letter or '_'")
        }
        var writer = Writer()
        if case .object(let object) = value, object.count == 1, case .string(let name) = object.keys[0], isName(name) {
            try writer.writeElement(name, object.values[0], level: 0)
        } else {
            try writer.writeElement(rootName, value, level: 0)
        }
        return writer.text
    }

    /// Elements nested deeper than this are not written, so every document written parses back with
    /// the default `maxDepth`.
    static let maxWriteDepth = 512

    /// Whether `name` is an XML 1.0 `Name` (the grammar of element and attribute names).
    static func isName(_ name: String) -> Bool {
        var scalars = name.unicodeScalars.makeIterator()
        guard let first = scalars.next(), isNameStart(first) else { return false }
        while let scalar = scalars.next() {
            guard isNameCharacter(scalar) else { return false }
        }
        return true
    }

    /// XML 1.0 (fifth edition) `NameStartChar`.
    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3A: true
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
             0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF: true
        default: false
        }
    }

    /// XML 1.0 (fifth edition) `NameChar`.
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x2D, 0x2E, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(scalar)
        }
    }

    /// Whether XML 1.0 can carry `scalar` at all: every control character except tab, LF and CR is
    /// excluded, even as a character reference.
    static func isCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }
}
