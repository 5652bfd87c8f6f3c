import Hummingbird
import NIOCore

/// The request context of every Tollgate route: Hummingbird's core storage plus the client's
/// address (for `requested_by` in the decision log and loopback-only endpoints).
public struct SidecarRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// `ip:port` of the client, or empty in in-process tests.
    var clientAddress: String { SidecarRequestContext.clientAddress(remoteAddress) }

    static func clientAddress(_ remoteAddress: SocketAddress?) -> String {
        guard let remoteAddress else { return "" }
        return "\(remoteAddress.ipAddress ?? ""):\(remoteAddress.port ?? 0)"
    }

    /// Whether the client is on this machine (or in-process, as in router tests).
    var isLoopback: Bool {
        guard let ip = remoteAddress?.ipAddress else { return true }
        return ip.hasPrefix("127.") || ip == "::1"
    }
}
