/// A JSON document that could not be read, with where and why.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// 1-based line and column of the problem, when known.
    public let line: Int
    public let column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
