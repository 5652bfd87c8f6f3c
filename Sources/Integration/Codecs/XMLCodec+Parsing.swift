import RegoValue

extension XMLCodec {
    /// A one-pass reader over the document's UTF-8 bytes. Every loop consumes input; open elements
    /// live on an explicit stack bounded by `maxDepth`, so deep input cannot exhaust the call stack.
    struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var pos = 0

        init(_ text: String, maxDepth: Int) {
            bytes = Array(text.utf8)
            self.maxDepth = maxDepth
        }

        /// An element whose end tag has not been read yet.
        struct OpenElement {
            var name: String
            /// Offset of its `<`, for errors about it.
            var start: Int
            var attributes: [(String, Value)] = []
            var children: [(String, Value)] = []
            var text: [UInt8] = []

            /// The element's value under the mapping documented on `XMLCodec`.
            var value: Value {
                if attributes.isEmpty && children.isEmpty { return .string(String(decoding: text, as: UTF8.self)) }
                var pairs = attributes
                var order: [String] = []
                var groups: [String: [Value]] = [:]
                for (name, child) in children {
                    if groups[name] == nil { order.append(name) }
                    groups[name, default: []].append(child)
                }
                for name in order {
                    guard let group = groups[name], let first = group.first else { continue }
                    pairs.append((name, group.count == 1 ? first : .array(group)))
                }
                var lower = text.startIndex, upper = text.endIndex
                while lower < upper, CodecText.isWhitespace(text[lower]) { lower += 1 }
                while upper > lower, CodecText.isWhitespace(text[upper - 1]) { upper -= 1 }
                if lower < upper { pairs.append(("#text", .string(String(decoding: text[lower..<upper], as: UTF8.self)))) }
                return .object(RegoObject(pairs))
            }
        }

        func error(_ offset: Int, _ message: String) -> CodecError {
            .at(offset, in: bytes, format: "xml", message)
        }

        func located(_ offset: Int) -> String { Self.located(offset, in: bytes) }

        static func located(_ offset: Int, in bytes: [UInt8]) -> String {
            let (line, column) = CodecText.position(of: offset, in: bytes)
            return "line \(line), column \(column)"
        }

        func hasPrefix(_ prefix: StaticString) -> Bool {
            prefix.withUTF8Buffer { utf8 in
                guard pos + utf8.count <= bytes.count else { return false }
                for (i, byte) in utf8.enumerated() where bytes[pos + i] != byte { return false }
                return true
            }
        }

        /// Skips whitespace; returns whether there was any.
        @discardableResult
        mutating func skipWhitespace() -> Bool {
            let start = pos
            while pos < bytes.count, CodecText.isWhitespace(bytes[pos]) { pos += 1 }
            return pos > start
        }

        mutating func parseDocument() throws(CodecError) -> Value {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
            if hasPrefix("<?xml"), pos + 5 < bytes.count, CodecText.isWhitespace(bytes[pos + 5]) || bytes[pos + 5] == UInt8(ascii: "?") {
                try skipProcessingInstruction(allowDeclaration: true)
            }
            try skipMisc()
            guard pos < bytes.count else { throw error(pos, "expected a root element, found the end of the document") }
            guard bytes[pos] == UInt8(ascii: "<") else { throw error(pos, "expected '<' to start the root element, found text") }
            let (name, value) = try parseRootElement()
            try skipMisc()
            if pos < bytes.count {
                let another = bytes[pos] == UInt8(ascii: "<")
                throw error(pos, another
                    ? "expected the end of the document after </\(name)>: a document has exactly one root element"
                    : "expected the end of the document after </\(name)>, found text")
            }
            return .object(RegoObject([(name, value)]))
        }

        /// Skips whitespace, comments and processing instructions between top-level constructs.
        mutating func skipMisc() throws(CodecError) {
            while true {
                skipWhitespace()
                if hasPrefix("<!--") {
                    try skipComment()
                } else if hasPrefix("<?") {
                    try skipProcessingInstruction(allowDeclaration: false)
                } else if hasPrefix("<!DOCTYPE") || hasPrefix("<!doctype") {
                    throw error(pos, "DOCTYPE declarations are not accepted (DTDs could expand entities without bound); remove the DOCTYPE")
                } else {
                    return
                }
            }
        }

        mutating func parseRootElement() throws(CodecError) -> (String, Value) {
            var stack: [OpenElement] = []
            if let element = try openElement(onto: &stack) { return element }
            while let top = stack.indices.last {
                guard pos < bytes.count else {
                    throw error(pos, "expected </\(stack[top].name)> to close the element opened at \(located(stack[top].start)), found the end of the document")
                }
                switch bytes[pos] {
                case UInt8(ascii: "<"):
                    switch pos + 1 < bytes.count ? bytes[pos + 1] : 0 {
                    case UInt8(ascii: "/"):
                        let closed = try closeElement(stack.removeLast())
                        guard let parent = stack.indices.last else { return closed }
                        stack[parent].children.append(closed)
                    case UInt8(ascii: "!"):
                        if hasPrefix("<!--") {
                            try skipComment()
                        } else if hasPrefix("<![CDATA[") {
                            try readCDATA(into: &stack[top].text)
                        } else {
                            throw error(pos, "expected an element, comment or CDATA section after '<!'; declarations such as DOCTYPE are not accepted")
                        }
                    case UInt8(ascii: "?"):
                        try skipProcessingInstruction(allowDeclaration: false)
                    default:
                        if let child = try openElement(onto: &stack) { stack[top].children.append(child) }
                    }
                case UInt8(ascii: "&"):
                    try readReference(into: &stack[top].text)
                default:
                    try readText(into: &stack[top].text)
                }
            }
            preconditionFailure("the loop returns when it closes the root element")
        }

        /// Reads a start tag at `<`. Pushes the element and returns nil, or returns the finished
        /// element when the tag is self-closing (`<a/>`).
        mutating func openElement(onto stack: inout [OpenElement]) throws(CodecError) -> (String, Value)? {
            let start = pos
            guard stack.count < maxDepth else { throw error(start, "elements nest deeper than the limit of \(maxDepth)") }
            pos += 1
            let name = try readName(expecting: "an element name after '<'")
            var element = OpenElement(name: name, start: start)
            var seen: Set<String> = []
            while true {
                let spaced = skipWhitespace()
                guard pos < bytes.count else { throw error(pos, "expected '>' or '/>' to end the start tag <\(name)>, found the end of the document") }
                if bytes[pos] == UInt8(ascii: ">") {
                    pos += 1
                    stack.append(element)
                    return nil
                }
                if bytes[pos] == UInt8(ascii: "/") {
                    guard pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: ">") else { throw error(pos + 1, "expected '>' after '/' in the start tag <\(name)>") }
                    pos += 2
                    return (name, element.value)
                }
                guard spaced else { throw error(pos, "expected whitespace, '>' or '/>' after <\(name) or its last attribute") }
                let attributeStart = pos
                let attribute = try readName(expecting: "an attribute name, '>' or '/>' in the start tag <\(name)>")
                skipWhitespace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "=") else { throw error(pos, "expected '=' after the attribute name \(attribute)") }
                pos += 1
                skipWhitespace()
                let value = try readAttributeValue(attribute)
                guard seen.insert(attribute).inserted else { throw error(attributeStart, "duplicate attribute \(attribute) in <\(name)>") }
                element.attributes.append(("@" + attribute, .string(value)))
            }
        }

        /// Reads an end tag at `</` that must close `element`.
        mutating func closeElement(_ element: OpenElement) throws(CodecError) -> (String, Value) {
            pos += 2
            let nameStart = pos
            let bytes = bytes
            let name = try readName(expecting: "</\(element.name)> to close the element opened at \(Self.located(element.start, in: bytes))")
            guard name == element.name else {
                throw error(nameStart, "expected </\(element.name)> to close the element opened at \(located(element.start)), found </\(name)>")
            }
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ">") else { throw error(pos, "expected '>' to end the end tag </\(name)>") }
            pos += 1
            return (name, element.value)
        }

        /// Reads an XML name; `what` (built only on failure) says what was expected instead.
        mutating func readName(expecting what: @autoclosure () -> String) throws(CodecError) -> String {
            let start = pos
            while let next = scalar(at: pos), pos == start ? XMLCodec.isNameStart(next.scalar) : XMLCodec.isNameCharacter(next.scalar) {
                pos += next.length
            }
            guard pos > start else { throw error(start, "expected \(what())") }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }

        /// The scalar starting at byte `i` and its length in bytes (the input came from a `String`,
        /// so it is valid UTF-8).
        func scalar(at i: Int) -> (scalar: Unicode.Scalar, length: Int)? {
            guard i < bytes.count else { return nil }
            let lead = bytes[i]
            if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard i + length <= bytes.count else { return nil }
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
            return Unicode.Scalar(value).map { ($0, length) }
        }
    }
}
