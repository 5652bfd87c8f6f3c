import Yams

/// The `pipelines:`, `connectors:` and `pipeline_prefix:` sections of `tollgate.yaml`, checked as a
/// whole: every pipeline's connector operation exists, every name is usable in a URL.
public struct IntegrationConfiguration: Sendable, Equatable {
    /// Pipelines in file order.
    public var pipelines: [PipelineDefinition] = []
    /// Connectors by name.
    public var connectors: [String: ConnectorDefinition] = [:]
    /// Also serve each pipeline at `<prefix>/<name>` for inbound traffic (`/api` → `/api/create-order`).
    public var routePrefix: String?

    public init() {}

    /// The pipeline called `name`.
    public func pipeline(named name: String) -> PipelineDefinition? {
        pipelines.first { $0.name == name }
    }

    /// Reads the sections (either may be absent); every mistake names the pipeline or connector,
    /// the key and the line.
    public static func parse(pipelines: Node?, connectors: Node?, routePrefix: Node?) throws(ConfigurationError) -> IntegrationConfiguration {
        var config = IntegrationConfiguration()
        if let connectors {
            for entry in try ConfigurationValue.mapping(connectors, "connectors", expecting: "one entry per connector name") {
                try checkName(entry.key, node: entry.keyNode, key: "connectors")
                config.connectors[entry.key] = try ConnectorParser.connector(entry.value, key: "connectors." + entry.key)
            }
        }
        if let pipelines {
            for entry in try ConfigurationValue.mapping(pipelines, "pipelines", expecting: "one entry per pipeline name") {
                try checkName(entry.key, node: entry.keyNode, key: "pipelines")
                let pipeline = try PipelineParser.pipeline(named: entry.key, entry.value, connectors: config.connectors)
                config.pipelines.append(pipeline)
            }
        }
        if let routePrefix {
            var prefix = try ConfigurationValue.string(routePrefix, "pipeline_prefix")
            while prefix.hasSuffix("/") { prefix.removeLast() }
            guard prefix.hasPrefix("/"), prefix.count > 1, !prefix.contains("*"), !prefix.contains("{") else {
                throw .at(routePrefix, key: "pipeline_prefix", "expected a URL path such as /api (not / and without * or {})")
            }
            guard !["/v0", "/v1", "/health", "/metrics"].contains(where: { prefix == $0 || prefix.hasPrefix($0 + "/") }) else {
                throw .at(routePrefix, key: "pipeline_prefix", "\(prefix) overlaps the sidecar's own API; choose another path such as /api")
            }
            config.routePrefix = prefix
        }
        return config
    }

    /// Names appear in URLs and in `connector.operation` references.
    static func checkName(_ name: String, node: Node, key: String) throws(ConfigurationError) {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c == 45 || c == 95
        }
        guard !name.isEmpty, allowed else {
            throw .at(node, key: key + "." + name, "a name may use letters, digits, - and _ only")
        }
    }

    /// `data.orders.decision`, `orders.decision` or `orders/decision` as a path under `data`.
    static func rulePath(_ node: Node, key: String) throws(ConfigurationError) -> [String] {
        var text = try ConfigurationValue.string(node, key)
        if text.hasPrefix("data.") { text.removeFirst(5) } else if text.hasPrefix("data/") { text.removeFirst(5) }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "/" }).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw .at(node, key: key, "expected a rule path such as data.orders.decision")
        }
        return parts
    }
}
