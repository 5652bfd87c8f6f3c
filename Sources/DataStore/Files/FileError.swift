/// A policy or data file that could not be loaded, with where the problem is.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's path, as given to the loader (folder + relative path).
    public let path: String
    /// 1-based line and column of the problem; 1:1 when the whole file is at fault.
    public let line: Int
    public let column: Int
    /// What is wrong and how to fix it.
    public let message: String

    /// Makes an error for `path` at `line`:`column`.
    public init(path: String, line: Int = 1, column: Int = 1, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:col: message`, the form editors jump to.
    public var description: String { "\(path):\(line):\(column): \(message)" }
}
