import RegoValue

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `BuiltinContext` for one evaluation: prints to standard error, reads the clock once.
public final class SimpleBuiltinContext: BuiltinContext {
    public let cache = BuiltinCache()
    public let nowNanoseconds: Int64
    private let printer: (String) -> Void

    public init(printer: @escaping (String) -> Void = { line in
        var line = line + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }) {
        nowNanoseconds = SystemClock.wallNanoseconds()
        self.printer = printer
    }

    public func printLine(_ text: String) { printer(text) }
}
