/// A body or document that a codec could not read or write: which format, where (1-based line and
/// column of the input text; 0 when the failure has no position, as in encoding), and what is wrong.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `json`, `xml`, `csv` or `form`.
    public var format: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(format: String, line: Int, column: Int, message: String) {
        self.format = format
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(format): line \(line), column \(column): \(message)" : "\(format): \(message)"
    }
}
