import RegoValue

extension XMLCodec {
    /// Writes elements as indented XML (two spaces per level). Indentation goes only between child
    /// elements, never inside text, so reading the output back yields the same values.
    struct Writer {
        private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

        /// Writes `<name>` for `value`, following the mapping documented on `XMLCodec`.
        mutating func writeElement(_ name: String, _ value: Value, level: Int) throws(CodecError) {
            guard level < XMLCodec.maxWriteDepth else {
                throw .unplaced("xml", "the value nests deeper than \(XMLCodec.maxWriteDepth) elements, the most XML writing allows")
            }
            indent(level)
            switch value {
            case .null:
                text += "<\(name)/>\n"
            case .bool, .number, .string:
                text += "<\(name)>" + (try escaped(scalarText(value), in: name, attribute: false)) + "</\(name)>\n"
            case .array(let items):
                try writeItems(name, items, level: level)
            case .set(let items):
                try writeItems(name, items.elements, level: level)
            case .object(let object):
                try writeObject(name, object, level: level)
            }
        }

        /// An array as an element's own value: one `<item>` child per item.
        private mutating func writeItems(_ name: String, _ items: [Value], level: Int) throws(CodecError) {
            guard !items.isEmpty else { text += "<\(name)/>\n"; return }
            text += "<\(name)>\n"
            for item in items { try writeElement("item", item, level: level + 1) }
            indent(level)
            text += "</\(name)>\n"
        }

        private mutating func writeObject(_ name: String, _ object: RegoObject, level: Int) throws(CodecError) {
            var attributes = ""
            var content: String?
            var children: [(String, Value)] = []
            for (key, value) in object {
                guard case .string(let key) = key else {
                    throw .unplaced("xml", "key \(key.jsonText) in <\(name)> is not a string; XML names are strings")
                }
                if key.hasPrefix("@") {
                    let attribute = String(key.dropFirst())
                    guard XMLCodec.isName(attribute) else { throw invalidName(key, in: name) }
                    if case .null = value { continue }
                    guard !value.isCollection else {
                        throw .unplaced("xml", "attribute \"\(key)\" of <\(name)> is \(value.typeName); attribute values must be strings, numbers, booleans or null")
                    }
                    attributes += " \(attribute)=\"" + (try escaped(scalarText(value), in: name, attribute: true)) + "\""
                } else if key == "#text" {
                    guard !value.isCollection else {
                        throw .unplaced("xml", "\"#text\" of <\(name)> is \(value.typeName); text must be a string, number, boolean or null")
                    }
                    content = try escaped(scalarText(value), in: name, attribute: false)
                } else {
                    guard XMLCodec.isName(key) else { throw invalidName(key, in: name) }
                    children.append((key, value))
                }
            }
            text += "<\(name)\(attributes)"
            if children.isEmpty {
                text += content.map { ">\($0)</\(name)>\n" } ?? "/>\n"
                return
            }
            text += ">" + (content ?? "") + "\n"
            for (key, value) in children {
                switch value {
                case .array(let items): for item in items { try writeElement(key, item, level: level + 1) }
                case .set(let items): for item in items { try writeElement(key, item, level: level + 1) }
                default: try writeElement(key, value, level: level + 1)
                }
            }
            indent(level)
            text += "</\(name)>\n"
        }

        private mutating func indent(_ level: Int) {
            text += String(repeating: "  ", count: level)
        }

        private func scalarText(_ value: Value) -> String {
            switch value {
            case .string(let s): s
            case .bool(let b): b ? "true" : "false"
            case .null: ""
            default: value.jsonText
            }
        }

        private func invalidName(_ key: String, in element: String) -> CodecError {
            .unplaced("xml", "key \"\(key)\" in <\(element)> is not a valid XML name; names start with a letter, '_' or ':' and continue with letters, digits, '_', '-', '.' or ':' (attributes add a leading '@')")
        }

        /// Escapes markup characters; CR (and in attributes tab and LF) become character references
        /// so that reading does not normalize them away.
        private func escaped(_ raw: String, in element: String, attribute: Bool) throws(CodecError) -> String {
            var out = ""
            out.reserveCapacity(raw.utf8.count)
            for scalar in raw.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                case "\r": out += "&#13;"
                case "\t" where attribute: out += "&#9;"
                case "\n" where attribute: out += "&#10;"
                default:
                    guard XMLCodec.isCharacter(scalar) else {
                        throw .unplaced("xml", "<\(element)> contains the control character U+\(String(scalar.value, radix: 16, uppercase: true)), which XML 1.0 cannot represent")
                    }
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}
