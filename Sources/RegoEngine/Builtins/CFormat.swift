#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats one double with a C `printf` conversion (`%.2f`, `%+08.3e`). Go's `%e`, `%f` and `%g`
/// with an explicit precision print the same text as C's.
enum CFormat {
    static func double(_ d: Double, spec: String) -> String {
        var size = 64
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let n = buffer.withUnsafeMutableBufferPointer { ptr in
                withVaList([d]) { vsnprintf(ptr.baseAddress, size, spec, $0) }
            }
            guard n >= 0 else { return "" }
            if Int(n) < size {
                return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            // Huge widths or %f of very large numbers: retry with room for the whole text.
            guard size < (1 << 20) else { return "" }
            size = Int(n) + 1
        }
    }
}
