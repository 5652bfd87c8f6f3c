/// Text helpers the codecs share: where a byte offset lies (1-based line and column) and whether
/// bytes are valid UTF-8.
enum CodecText {
    /// The 1-based line and column of byte `offset` in `bytes`. LF, CRLF and a lone CR each end a
    /// line; columns count Unicode scalars, so a multi-byte character is one column. A leading
    /// byte order mark takes no column, as editors do not show it.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") {
                line += 1; column = 1
            } else if byte == UInt8(ascii: "\r") {
                // CRLF counts once, at its LF.
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") {} else { line += 1; column = 1 }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    /// The offset of the first byte that does not belong to valid UTF-8; nil when all are valid.
    static func invalidUTF8Offset(in bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        // Each step consumes at least one byte of the input.
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// Appends the UTF-8 encoding of `scalar`.
    static func append(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        Unicode.UTF8.encode(scalar) { out.append($0) }
    }

    /// Whether `byte` is XML (and HTTP) whitespace: space, tab, LF or CR.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension CodecError {
    /// An error in `format` at byte `offset` of `bytes`, located by its 1-based line and column.
    static func at(_ offset: Int, in bytes: [UInt8], format: String, _ message: String) -> CodecError {
        let (line, column) = CodecText.position(of: offset, in: bytes)
        return CodecError(format: format, line: line, column: column, message: message)
    }

    /// An error without a position in the input (as when encoding a value).
    static func unplaced(_ format: String, _ message: String) -> CodecError {
        CodecError(format: format, line: 0, column: 0, message: message)
    }
}
