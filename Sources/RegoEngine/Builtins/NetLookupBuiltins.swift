#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RegoValue

/// `net.lookup_ip_addr`: the IPv4 and IPv6 addresses a name resolves to, through the system's
/// resolver (`getaddrinfo`: `/etc/hosts`, then DNS). An address given as the name is itself. The
/// lookup waits for the resolver, on the thread that evaluates; `--timeout` does not cut it short.
enum NetLookupBuiltins {
    static let all: [Builtin] = [
        Builtin("net.lookup_ip_addr", [.string], .set, category: "net") { args throws(BuiltinError) in
            .set(RegoSet(try addresses(of: try args.string(0)).map(Value.string)))
        },
    ]

    static func addresses(of name: String) throws(BuiltinError) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else {
            throw .builtin("lookup \(name): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var out: [String] = []
        var entry = list
        while let current = entry {
            if let text = text(of: current.pointee), !out.contains(text) { out.append(text) }
            entry = current.pointee.ai_next
        }
        return out
    }

    /// An address of a lookup's answer as text (`10.0.0.1`, `::1`).
    private static func text(of info: addrinfo) -> String? {
        guard let address = info.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = info.ai_family
        let written: UnsafePointer<CChar>?
        if family == AF_INET {
            written = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                var raw = v4.pointee.sin_addr
                return inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
            }
        } else if family == AF_INET6 {
            written = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                var raw = v6.pointee.sin6_addr
                return inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
            }
        } else {
            return nil
        }
        guard written != nil else { return nil }
        return String(cString: buffer)
    }
}
