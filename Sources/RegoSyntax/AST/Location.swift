/// Where something is in a source file: 1-based line and column (columns count Unicode scalars... in
/// practice bytes for ASCII sources, as OPA reports them).
public struct Location: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static let unknown = Location(file: "", line: 0, column: 0)

    public var description: String { file.isEmpty ? "\(line):\(column)" : "\(file):\(line):\(column)" }
}
