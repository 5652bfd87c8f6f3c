import DataStore
import Foundation
import Hummingbird
import Logging
import RegoSyntax
import ServiceLifecycle

/// `tollgate run`: the store, the compiled policies, the reload loop and the HTTP server, run
/// as one service group that drains on SIGTERM/SIGINT.
///
/// ```swift
/// let server = try SidecarServer(configuration: SidecarConfiguration())
/// try await server.run()
/// ```
public struct SidecarServer: Sendable {
    public let configuration: SidecarConfiguration
    public let store: StateStore
    public let runtime: PolicyRuntime
    public let metrics: SidecarMetrics
    let logger: Logger

    /// Opens the state file and compiles the policies; errors in the files are logged, not fatal,
    /// unless no valid policy set results (then `/health` answers 500 until one arrives).
    public init(configuration: SidecarConfiguration, logger: Logger = Logger(label: "tollgate")) throws {
        self.configuration = configuration
        self.logger = logger
        metrics = SidecarMetrics()
        runtime = PolicyRuntime(metrics: metrics)
        store = try StateStore(databasePath: configuration.statePath, policiesFolder: configuration.policiesPath, dataFolder: configuration.dataPath)
        report(runtime.update(from: store.snapshot), store.snapshot)
    }

    func report(_ errors: [RegoError], _ snapshot: Snapshot) {
        for e in snapshot.fileErrors { logger.error("\(e)") }
        for e in errors { logger.error("policy not loaded: \(e)") }
    }

    /// The application, for tests and for `run`.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let (host, port) = try configuration.hostAndPort()
        let api = SidecarAPI(runtime: runtime, store: store, metrics: metrics, limits: configuration.limits, adminToken: configuration.adminToken)
        return Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "tollgate"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then drains in-flight requests and closes the store.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = try application(onServerRunning: onServerRunning)
        let reloader = ReloadService(server: self, interval: configuration.reloadIntervalNanoseconds)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: reloader)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        defer { store.close() }
        try await group.run()
    }
}

extension SidecarServer {
    /// Re-reads the policy and data folders and swaps in the result; returns the compile errors
    /// that kept the previous policies in force (empty when the new files took effect).
    @discardableResult
    public func reloadFiles() -> [RegoError] {
        store.reloadFiles()
        let snapshot = store.snapshot
        for e in snapshot.fileErrors { logger.error("\(e)") }
        let errors = runtime.update(from: snapshot)
        if errors.isEmpty {
            logger.info("policies and data reloaded", metadata: ["tollgate.policy_revision": "\(snapshot.revision)"])
        } else {
            for e in errors { logger.error("reload refused, previous policies stay in force: \(e)") }
        }
        return errors
    }
}

/// Watches the policy and data folders and swaps in what changed, about once per interval.
struct ReloadService: Service {
    let server: SidecarServer
    let interval: UInt64
    /// The folders as they were when the service was made: changes from then on are seen.
    let initial: FileFingerprint

    init(server: SidecarServer, interval: UInt64) {
        self.server = server
        self.interval = interval
        initial = FileFingerprint(policiesFolder: server.configuration.policiesPath, dataFolder: server.configuration.dataPath)
    }

    func run() async throws {
        let folders = (server.configuration.policiesPath, server.configuration.dataPath)
        var fingerprint = initial
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(nanoseconds: interval)
            let now = FileFingerprint(policiesFolder: folders.0, dataFolder: folders.1)
            guard now != fingerprint else { continue }
            fingerprint = now
            server.reloadFiles()
        }
    }
}
