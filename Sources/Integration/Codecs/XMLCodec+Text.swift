extension XMLCodec.Parser {
    /// Reads character data up to the next `<` or `&`, normalizing CRLF and CR to LF as XML requires.
    mutating func readText(into out: inout [UInt8]) throws(CodecError) {
        while pos < bytes.count {
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"):
                return
            case UInt8(ascii: "\r"):
                out.append(UInt8(ascii: "\n"))
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "]") where hasPrefix("]]>"):
                throw error(pos, "expected text, found ']]>' outside a CDATA section; write it as ]]&gt;")
            case ..<0x20 where byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n"):
                throw error(pos, "control character U+\(hex(byte)) is not allowed in XML 1.0")
            default:
                out.append(byte)
                pos += 1
            }
        }
    }

    /// Reads a quoted attribute value, decoding references and normalizing tab, CR and LF to spaces
    /// (XML attribute-value normalization).
    mutating func readAttributeValue(_ attribute: String) throws(CodecError) -> String {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else {
            throw error(pos, "expected a quoted value (\"…\" or '…') for the attribute \(attribute)")
        }
        let quote = bytes[pos], open = pos
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error(open, "expected a closing \(quote == UInt8(ascii: "\"") ? "\"" : "'") for the value of the attribute \(attribute) that starts here") }
            let byte = bytes[pos]
            switch byte {
            case quote:
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "<"):
                throw error(pos, "expected attribute text, found '<'; write it as &lt;")
            case UInt8(ascii: "&"):
                try readReference(into: &out)
            case UInt8(ascii: "\r"):
                out.append(UInt8(ascii: " "))
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"):
                out.append(UInt8(ascii: " "))
                pos += 1
            case ..<0x20:
                throw error(pos, "control character U+\(hex(byte)) is not allowed in XML 1.0")
            default:
                out.append(byte)
                pos += 1
            }
        }
    }

    /// Decodes `&name;`, `&#NN;` or `&#xNN;` at `&`. Only the five predefined entities exist: there
    /// is no DTD to declare others.
    mutating func readReference(into out: inout [UInt8]) throws(CodecError) {
        let start = pos
        var end = pos + 1
        while end < bytes.count, end - start <= 32, isReferenceByte(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > start + 1 else {
            throw error(start, "expected an entity reference such as &amp; or &#60; after '&'; write a literal '&' as &amp;")
        }
        let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        pos = end + 1
        switch name {
        case "amp": out.append(UInt8(ascii: "&"))
        case "lt": out.append(UInt8(ascii: "<"))
        case "gt": out.append(UInt8(ascii: ">"))
        case "quot": out.append(UInt8(ascii: "\""))
        case "apos": out.append(UInt8(ascii: "'"))
        default:
            guard name.hasPrefix("#") else {
                throw error(start, "unknown entity &\(name);: only &amp; &lt; &gt; &quot; &apos; and character references are defined (DTDs are not accepted)")
            }
            let hexadecimal = name.hasPrefix("#x")
            let digits = name.dropFirst(hexadecimal ? 2 : 1)
            guard !digits.isEmpty, digits.count <= 8, let code = UInt32(digits, radix: hexadecimal ? 16 : 10) else {
                throw error(start, "expected digits in the character reference &\(name); (&#60; or &#x3C;)")
            }
            guard let scalar = Unicode.Scalar(code), XMLCodec.isCharacter(scalar) else {
                throw error(start, "character reference &\(name); is not a character XML 1.0 allows")
            }
            CodecText.append(scalar, to: &out)
        }
    }

    func isReferenceByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "#"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// Appends a CDATA section's content (`<![CDATA[` … `]]>`) verbatim, line ends normalized.
    mutating func readCDATA(into out: inout [UInt8]) throws(CodecError) {
        let start = pos
        pos += 9
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "]"), hasPrefix("]]>") {
                pos += 3
                return
            }
            if byte == UInt8(ascii: "\r") {
                out.append(UInt8(ascii: "\n"))
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "\n") { pos += 1 }
                continue
            }
            if byte < 0x20, byte != UInt8(ascii: "\t"), byte != UInt8(ascii: "\n") {
                throw error(pos, "control character U+\(hex(byte)) is not allowed in XML 1.0")
            }
            out.append(byte)
            pos += 1
        }
        throw error(start, "expected ']]>' to end the CDATA section that starts here, found the end of the document")
    }

    /// Skips `<!--` … `-->`.
    mutating func skipComment() throws(CodecError) {
        let start = pos
        pos += 4
        while pos < bytes.count {
            if bytes[pos] == UInt8(ascii: "-"), hasPrefix("-->") {
                pos += 3
                return
            }
            pos += 1
        }
        throw error(start, "expected '-->' to end the comment that starts here, found the end of the document")
    }

    /// Skips `<?target …?>`. The XML declaration (`<?xml …?>`) is only allowed at the very start.
    mutating func skipProcessingInstruction(allowDeclaration: Bool) throws(CodecError) {
        let start = pos
        pos += 2
        let target = try readName(expecting: "a processing instruction target after '<?'")
        if target.lowercased() == "xml", !allowDeclaration {
            throw error(start, "the XML declaration <?xml …?> is only allowed at the very start of the document")
        }
        while pos < bytes.count {
            if bytes[pos] == UInt8(ascii: "?"), hasPrefix("?>") {
                pos += 2
                return
            }
            pos += 1
        }
        throw error(start, "expected '?>' to end the processing instruction that starts here, found the end of the document")
    }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
