import Synchronization

/// Where something is in a source file: 1-based line and column (columns count Unicode scalars... in
/// practice bytes for ASCII sources, as OPA reports them).
///
/// A location holds its file as a number in `SourceFileNames`, not as a `String`: every token,
/// term and expression carries one, and copying a string would touch the one reference count that
/// all the locations of a file share, from every thread that parses or compiles it.
public struct Location: Sendable, Hashable, CustomStringConvertible {
    /// The file's number in `SourceFileNames` (0 is the empty name).
    let fileNumber: UInt32
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.init(fileNumber: SourceFileNames.number(of: file), line: line, column: column)
    }

    /// A location in the file numbered `fileNumber` (from `SourceFileNames.number(of:)`).
    init(fileNumber: UInt32, line: Int, column: Int) {
        self.fileNumber = fileNumber
        self.line = line
        self.column = column
    }

    /// The source file's name (empty when unknown).
    public var file: String { SourceFileNames.name(of: fileNumber) }

    public static let unknown = Location(fileNumber: 0, line: 0, column: 0)

    public var description: String {
        let file = file
        return file.isEmpty ? "\(line):\(column)" : "\(file):\(line):\(column)"
    }
}

/// The names of the source files locations point into, numbered in the order first seen. A name
/// keeps its number for the life of the process, so reloading a file reuses it.
enum SourceFileNames {
    private struct Table {
        var names: [String] = [""]
        var numbers: [String: UInt32] = ["": 0]
    }

    private static let table = Mutex(Table())

    /// The number of `name`, given one if it has none yet.
    static func number(of name: String) -> UInt32 {
        if name.isEmpty { return 0 }
        return table.withLock { table in
            if let number = table.numbers[name] { return number }
            let number = UInt32(table.names.count)
            table.names.append(name)
            table.numbers[name] = number
            return number
        }
    }

    /// The name numbered `number`.
    static func name(of number: UInt32) -> String {
        if number == 0 { return "" }
        return table.withLock { $0.names[Int(number)] }
    }
}
