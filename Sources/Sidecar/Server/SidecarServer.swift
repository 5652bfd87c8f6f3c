import DataStore
import DecisionLog
import Foundation
import Hummingbird
import Integration
import Logging
import RegoSyntax
import RegoValue
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
    /// The decision log (nil when `decision_log.enabled` is false).
    public let decisionLog: DecisionLog?
    /// The pipelines' connectors, opened at start.
    let connectors: ConnectorSet
    let logger: Logger

    /// Opens the state file and compiles the policies; errors in the files are logged, not fatal,
    /// unless no valid policy set results (then `/health` answers 500 until one arrives).
    public init(configuration: SidecarConfiguration, logger: Logger = Logger(label: "tollgate")) throws {
        self.configuration = configuration
        self.logger = logger
        metrics = SidecarMetrics()
        runtime = PolicyRuntime(metrics: metrics)
        store = try StateStore(databasePath: configuration.statePath, policiesFolder: configuration.policiesPath, dataFolder: configuration.dataPath)
        if configuration.decisionLog.enabled {
            let settings = configuration.decisionLog
            do {
                decisionLog = try DecisionLog(store: try DecisionStore(path: configuration.statePath),
                                              mode: settings.asynchronous ? .asynchronous(capacity: settings.bufferSize) : .synchronous)
            } catch {
                store.close()
                throw error
            }
        } else {
            decisionLog = nil
        }
        do {
            connectors = try ConnectorSet(configuration.integration.connectors, maxBodyBytes: configuration.limits.maxBodyBytes)
        } catch {
            store.close()
            throw ConfigurationError(key: "connectors.\(error.step)", line: 0, column: 0, message: error.message)
        }
        report(runtime.update(from: store.snapshot, holdingSyntaxTrees: true), store.snapshot)
    }

    /// Seconds from the server's start (listening) to freeing the first load's syntax trees. The
    /// load holds them (`PolicyRuntime.update(from:holdingSyntaxTrees:)`), so that the server's
    /// start and its first requests have both cores and an allocator not busy with the freed
    /// trees; its pages go back to the system a moment later.
    static let syntaxTreesFreedAfterStart = 0.5

    func report(_ errors: [RegoError], _ snapshot: Snapshot) {
        for e in snapshot.fileErrors { logger.error("\(e)") }
        for e in errors { logger.error("policy not loaded: \(e)") }
    }

    /// The application, for tests and for `run`.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let (host, port) = try configuration.hostAndPort()
        let api = self.api()
        return Application(
            router: api.router(),
            server: SidecarHTTP1Channel.builder(api: api),
            configuration: .init(address: .hostname(host, port: port), serverName: "tollgate"),
            onServerRunning: { [runtime] channel in
                runtime.releaseHeldSyntaxTrees(after: SidecarServer.syntaxTreesFreedAfterStart)
                await onServerRunning(channel.localAddress?.port ?? port)
            },
            logger: logger)
    }

    /// The REST API over this server's runtime, store, decision log and connectors.
    func api() -> SidecarAPI {
        let recorder = DecisionRecorder(log: decisionLog, runtime: runtime, settings: configuration.decisionLog, metrics: metrics)
        let runner = PipelineRunner(runtime: runtime, recorder: recorder, connectors: connectors, metrics: metrics,
                                    evaluationTimeout: configuration.limits.evaluationTimeoutNanoseconds)
        return SidecarAPI(runtime: runtime, store: store, metrics: metrics, limits: configuration.limits,
                          adminToken: configuration.adminToken, recorder: recorder,
                          integration: configuration.integration, pipelines: runner)
    }

    /// Serves until SIGTERM or SIGINT, then drains in-flight requests and closes the store.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = try application(onServerRunning: onServerRunning)
        let reloader = ReloadService(server: self, interval: configuration.reloadIntervalNanoseconds)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app), .init(service: reloader)]
        if let decisionLog, let retention = configuration.decisionLog.retentionNanoseconds {
            services.append(.init(service: RetentionService(log: decisionLog, retention: retention, logger: logger)))
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Writes what the decision log still holds, then closes the state file.
    public func shutdown() async {
        await connectors.close()
        await decisionLog?.close()
        store.close()
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
struct ReloadService: Service, CustomStringConvertible {
    /// The service's name in the service group's logs (its own, rather than a reflection of the
    /// whole server, which took milliseconds at every start).
    var description: String { "ReloadService" }

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

/// Prunes decision records older than the configured retention, hourly.
struct RetentionService: Service, CustomStringConvertible {
    var description: String { "RetentionService" }

    let log: DecisionLog
    let retention: UInt64
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try log.store.prune(before: SystemClock.wallNanoseconds() - Int64(retention))
                if removed > 0 { logger.info("decision log: pruned \(removed) records past retention") }
            } catch {
                logger.error("decision log retention failed: \(error)")
            }
            try? await Task.sleep(nanoseconds: 3_600_000_000_000)
        }
    }
}
