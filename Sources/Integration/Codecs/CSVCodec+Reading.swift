extension CSVCodec {
    /// One record as read: its fields, where each field starts, and where the record starts and
    /// ends (byte offsets, for errors).
    struct Record {
        var fields: [String] = []
        var fieldStarts: [Int] = []
        var start: Int
        /// Offset just past the last field, before the line break.
        var end: Int
    }

    /// Reads RFC 4180 records from UTF-8 bytes. Every step consumes input.
    struct Reader {
        let bytes: [UInt8]
        let delimiter: UInt8
        var pos = 0

        static let quote = UInt8(ascii: "\"")
        static let cr = UInt8(ascii: "\r")
        static let lf = UInt8(ascii: "\n")

        init(_ text: String, delimiter: UInt8) {
            bytes = Array(text.utf8)
            self.delimiter = delimiter
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        }

        func error(_ offset: Int, _ message: String) -> CodecError {
            .at(offset, in: bytes, format: "csv", message)
        }

        /// The next record, or nil at the end of the input. Empty lines are skipped.
        mutating func nextRecord() throws(CodecError) -> Record? {
            while pos < bytes.count, bytes[pos] == Self.cr || bytes[pos] == Self.lf { pos += 1 }
            guard pos < bytes.count else { return nil }
            var record = Record(start: pos, end: pos)
            while true {
                record.fieldStarts.append(pos)
                record.fields.append(try readField())
                record.end = pos
                guard pos < bytes.count else { return record }
                let byte = bytes[pos]
                pos += 1
                if byte == delimiter { continue }
                // A line break: CRLF, LF or a lone CR.
                if byte == Self.cr, pos < bytes.count, bytes[pos] == Self.lf { pos += 1 }
                return record
            }
        }

        /// Reads one field, leaving `pos` at the delimiter, line break or end that follows it.
        mutating func readField() throws(CodecError) -> String {
            guard pos < bytes.count, bytes[pos] == Self.quote else {
                let start = pos
                while pos < bytes.count {
                    let byte = bytes[pos]
                    if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                    if byte == Self.quote {
                        throw error(pos, "expected a delimiter or line end, found '\"' inside an unquoted field; quote the whole field and double the quote (\"a \"\"b\"\"\")")
                    }
                    pos += 1
                }
                return String(decoding: bytes[start..<pos], as: UTF8.self)
            }
            let open = pos
            pos += 1
            var out: [UInt8] = []
            var runStart = pos
            while true {
                guard pos < bytes.count else {
                    throw error(open, "expected a closing '\"' for the quoted field that starts here, found the end of the input")
                }
                if bytes[pos] != Self.quote { pos += 1; continue }
                out.append(contentsOf: bytes[runStart..<pos])
                if pos + 1 < bytes.count, bytes[pos + 1] == Self.quote {
                    // `""` is one quote inside the field.
                    out.append(Self.quote)
                    pos += 2
                    runStart = pos
                    continue
                }
                pos += 1
                break
            }
            if pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != Self.cr, bytes[pos] != Self.lf {
                throw error(pos, "expected a delimiter or line end after the closing quote of the field that starts at column \(CodecText.position(of: open, in: bytes).column)")
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
