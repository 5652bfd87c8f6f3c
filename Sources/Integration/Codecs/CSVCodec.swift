import RegoValue

/// Reads and writes CSV bodies (RFC 4180) as Rego values.
///
/// Reading: fields may be quoted (`"a, ""b"""`), and quoted fields may hold delimiters and line
/// breaks. Records end with CRLF, LF or CR; a trailing line break, empty lines and a leading UTF-8
/// BOM are ignored. Values always stay strings. With a header the result is an array of objects
/// keyed by the header's names, and every row must have as many fields as the header; without one
/// it is an array of arrays of strings (rows may differ in length).
///
/// Writing accepts an array of objects, an array of arrays, or one object (a one-row table); sets
/// count as arrays. For objects the header is the union of their keys: the first object's keys in
/// its (sorted) order, then keys of later objects as they first appear; a missing key is an empty
/// field. Strings are written as they are, numbers as JSON text, booleans as `true`/`false`, null
/// as an empty field, and arrays or objects inside a field as their JSON text. Fields holding the
/// delimiter, a quote, CR or LF are quoted; every line ends with CRLF.
///
/// ```swift
/// let rows = try CSVCodec.parse("id,name\r\n1,Ada\r\n")   // [{"id": "1", "name": "Ada"}]
/// let text = try CSVCodec.serialize(rows, options: CSVOptions(delimiter: UInt8(ascii: ";")))
/// ```
public enum CSVCodec {
    /// Parses CSV text; more than `maxRows` data rows is an error.
    public static func parse(_ text: String, options: CSVOptions = .init(), maxRows: Int = 1_000_000) throws(CodecError) -> Value {
        try options.validate()
        var reader = Reader(text, delimiter: options.delimiter)
        var rows: [Value] = []
        var header: [Value]?
        if options.header {
            guard let first = try reader.nextRecord() else { return .array([]) }
            header = try columnNames(first, reader: reader)
        }
        while let record = try reader.nextRecord() {
            guard rows.count < maxRows else {
                throw reader.error(record.start, "expected at most \(maxRows) rows; split the input or raise the row limit")
            }
            guard let header else {
                rows.append(.array(record.fields.map(Value.string)))
                continue
            }
            guard record.fields.count == header.count else {
                let offset = record.fields.count > header.count ? record.fieldStarts[header.count] : record.end
                let (line, _) = CodecText.position(of: record.start, in: reader.bytes)
                throw reader.error(offset, "row on line \(line) has \(record.fields.count) fields but the header has \(header.count)")
            }
            rows.append(.object(RegoObject(Array(zip(header, record.fields.map(Value.string))))))
        }
        return .array(rows)
    }

    /// The header row's names; empty or repeated names are errors naming the column.
    private static func columnNames(_ record: CSVCodec.Record, reader: Reader) throws(CodecError) -> [Value] {
        var seen: [String: Int] = [:]
        for (index, name) in record.fields.enumerated() {
            guard !name.isEmpty else {
                throw reader.error(record.fieldStarts[index], "header column \(index + 1) has no name; every column needs a unique name")
            }
            if let earlier = seen[name] {
                throw reader.error(record.fieldStarts[index], "header column \(index + 1) repeats the name \"\(name)\" of column \(earlier + 1); column names must be unique")
            }
            seen[name] = index
        }
        return record.fields.map(Value.string)
    }

    /// Writes an array of objects, an array of arrays, or one object as CSV text with CRLF line ends.
    public static func serialize(_ value: Value, options: CSVOptions = .init()) throws(CodecError) -> String {
        try options.validate()
        let rows: [Value]
        switch value {
        case .object: rows = [value]
        case .array(let items): rows = items
        case .set(let items): rows = items.elements
        default: throw shapeError(value.typeName)
        }
        var out = ""
        if rows.allSatisfy({ $0.objectValue != nil }) {
            let columns = unionOfKeys(rows)
            if options.header, !columns.isEmpty {
                writeRow(columns.map(fieldText), delimiter: options.delimiter, into: &out)
            }
            for row in rows {
                guard case .object(let object) = row else { continue }
                writeRow(columns.map { fieldText(object[$0] ?? .null) }, delimiter: options.delimiter, into: &out)
            }
        } else {
            for row in rows {
                switch row {
                case .array(let fields): writeRow(fields.map(fieldText), delimiter: options.delimiter, into: &out)
                case .set(let fields): writeRow(fields.elements.map(fieldText), delimiter: options.delimiter, into: &out)
                default: throw shapeError("an array mixing \(row.typeName) with other rows")
                }
            }
        }
        return out
    }

    private static func shapeError(_ found: String) -> CodecError {
        .unplaced("csv", "expected an array of objects, an array of arrays or one object to write as CSV, found \(found)")
    }

    /// The first object's keys in order, then each later object's new keys as they first appear.
    private static func unionOfKeys(_ rows: [Value]) -> [Value] {
        var columns: [Value] = []
        var seen: Set<Value> = []
        for row in rows {
            guard case .object(let object) = row else { continue }
            for key in object.keys where seen.insert(key).inserted { columns.append(key) }
        }
        return columns
    }

    private static func fieldText(_ value: Value) -> String {
        switch value {
        case .null: ""
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        default: value.jsonText
        }
    }

    private static func writeRow(_ fields: [String], delimiter: UInt8, into out: inout String) {
        // A lone empty field is written as `""`, since an empty line is skipped when reading.
        if fields.count == 1, fields[0].isEmpty {
            out += "\"\"\r\n"
            return
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { out.unicodeScalars.append(Unicode.Scalar(delimiter)) }
            let needsQuotes = field.utf8.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
            guard needsQuotes else { out += field; continue }
            out += "\""
            for scalar in field.unicodeScalars {
                if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
            }
            out += "\""
        }
        out += "\r\n"
    }
}
