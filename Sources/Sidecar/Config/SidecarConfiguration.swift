import Foundation
import Integration
import Yams

/// Everything `tollgate run` can be told, each with a default. Read from `tollgate.yaml`;
/// command-line flags override the file.
public struct SidecarConfiguration: Sendable, Equatable {
    public struct Limits: Sendable, Equatable {
        /// Largest request body accepted (413 above it).
        public var maxBodyBytes = 8 * 1024 * 1024
        /// Evaluation time limit per request.
        public var evaluationTimeoutNanoseconds: UInt64? = 5_000_000_000
        public init() {}
    }

    /// How decisions are recorded for auditors.
    public struct DecisionLogSettings: Sendable, Equatable {
        /// Record every decision in the state file.
        public var enabled = true
        /// Answer before the record is committed (bounded buffer; overflow is counted, not kept).
        public var asynchronous = false
        /// Records the asynchronous buffer holds.
        public var bufferSize = 10_000
        /// Input paths of the caller's identity, tried in order (`input.subject.user` for decisions,
        /// `input.headers.x-user` for pipeline calls); a JWT there gives its `sub`.
        public var subjectPaths: [[String]] = [["subject", "user"], ["headers", "x-user"]]
        /// Records older than this are pruned automatically (nil: kept).
        public var retentionNanoseconds: UInt64?
        public init() {}
    }

    /// `host:port` to listen on (`127.0.0.1:8181`; port 0 picks a free port).
    public var address = "127.0.0.1:8181"
    public var policiesPath = "policies"
    public var dataPath = "data"
    /// The SQLite state file (API-written data and policies).
    public var statePath = "var/tollgate.sqlite"
    /// How often the policy and data folders are checked for changes.
    public var reloadIntervalNanoseconds: UInt64 = 500_000_000
    /// Bearer token required by write endpoints when set.
    public var adminToken: String?
    public var limits = Limits()
    public var decisionLog = DecisionLogSettings()
    /// Pipelines, connectors and the pipelines' inbound route prefix.
    public var integration = IntegrationConfiguration()

    public init() {}

    /// Host and port from `address`.
    public func hostAndPort() throws(ConfigurationError) -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError(key: "addr", line: 0, column: 0, message: "expected host:port such as 127.0.0.1:8181, got \(address)")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

extension SidecarConfiguration {
    /// Reads a configuration file; a missing file at the default path gives the defaults.
    public static func load(file: String, required: Bool) throws(ConfigurationError) -> SidecarConfiguration {
        guard FileManager.default.fileExists(atPath: file) else {
            if required { throw ConfigurationError(key: "--config", line: 0, column: 0, message: "\(file) does not exist") }
            return SidecarConfiguration()
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError(key: "--config", line: 0, column: 0, message: "\(file) cannot be read as UTF-8 text")
        }
        return try parse(text)
    }

    /// Parses configuration YAML; every mistake names the key and its line.
    public static func parse(_ text: String) throws(ConfigurationError) -> SidecarConfiguration {
        var config = SidecarConfiguration()
        let root: Node?
        do { root = try ConfigurationValue.compose(text) } catch {
            throw ConfigurationError(key: "(file)", line: 0, column: 0, message: "not valid YAML: \(error)")
        }
        guard let root else { return config }
        var integrationNodes: (pipelines: Node?, connectors: Node?, prefix: Node?) = (nil, nil, nil)
        guard let mapping = root.mapping else {
            throw ConfigurationError.at(root, key: "(file)", "the file must be a mapping of keys such as addr:, policies:, data:")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "addr": config.address = try ConfigurationValue.string(value, key)
            case "policies": config.policiesPath = try ConfigurationValue.string(value, key)
            case "data": config.dataPath = try ConfigurationValue.string(value, key)
            case "state": config.statePath = try ConfigurationValue.string(value, key)
            case "reload_interval": config.reloadIntervalNanoseconds = try ConfigurationValue.duration(value, key)
            case "admin_token":
                let token = try ConfigurationValue.string(value, key)
                config.adminToken = token.isEmpty ? nil : token
            case "limits":
                guard let limits = value.mapping else { throw .at(value, key: key, "expected a mapping with max_body_bytes:, eval_timeout:") }
                for (lk, lv) in limits {
                    let name = "limits." + (lk.string ?? "")
                    switch lk.string ?? "" {
                    case "max_body_bytes":
                        guard let n = lv.int, n > 0 else { throw .at(lv, key: name, "expected a positive number of bytes") }
                        config.limits.maxBodyBytes = n
                    case "eval_timeout":
                        let ns = try ConfigurationValue.duration(lv, name)
                        config.limits.evaluationTimeoutNanoseconds = ns == 0 ? nil : ns
                    default:
                        throw .at(lk, key: name, "unknown key; expected one of max_body_bytes, eval_timeout")
                    }
                }
            case "decision_log":
                config.decisionLog = try decisionLogSettings(value)
            case "pipelines": integrationNodes.pipelines = value
            case "connectors": integrationNodes.connectors = value
            case "pipeline_prefix": integrationNodes.prefix = value
            default:
                throw .at(keyNode, key: key, "unknown key; expected one of addr, policies, data, state, reload_interval, admin_token, limits, decision_log, pipelines, connectors, pipeline_prefix")
            }
        }
        config.integration = try IntegrationConfiguration.parse(
            pipelines: integrationNodes.pipelines, connectors: integrationNodes.connectors, routePrefix: integrationNodes.prefix)
        _ = try config.hostAndPort()
        return config
    }

    static func decisionLogSettings(_ node: Node) throws(ConfigurationError) -> DecisionLogSettings {
        var settings = DecisionLogSettings()
        guard let mapping = node.mapping else { throw .at(node, key: "decision_log", "expected a mapping with enabled:, mode:, buffer:, subject_path:, retention:") }
        for (k, v) in mapping {
            let name = "decision_log." + (k.string ?? "")
            switch k.string ?? "" {
            case "enabled":
                settings.enabled = try ConfigurationValue.bool(v, name)
            case "mode":
                switch v.string {
                case "sync"?: settings.asynchronous = false
                case "async"?: settings.asynchronous = true
                default: throw .at(v, key: name, "expected sync (answer after the record is committed) or async")
                }
            case "buffer":
                guard let n = v.int, n > 0 else { throw .at(v, key: name, "expected a positive number of records") }
                settings.bufferSize = n
            case "subject_path":
                var paths: [[String]] = []
                for text in try ConfigurationValue.strings(v, name) {
                    var parts = text.split(separator: ".").map(String.init)
                    if parts.first == "input" { parts.removeFirst() }
                    guard !parts.isEmpty else { throw .at(v, key: name, "expected an input path such as input.subject.user (or a list of them)") }
                    paths.append(parts)
                }
                guard !paths.isEmpty else { throw .at(v, key: name, "expected an input path such as input.subject.user (or a list of them)") }
                settings.subjectPaths = paths
            case "retention":
                let ns = try ConfigurationValue.duration(v, name)
                settings.retentionNanoseconds = ns == 0 ? nil : ns
            default:
                throw .at(k, key: name, "unknown key; expected one of enabled, mode, buffer, subject_path, retention")
            }
        }
        return settings
    }
}

