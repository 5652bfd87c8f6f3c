/// One pipeline from `tollgate.yaml`'s `pipelines:`: decode, decide, transform, connect, encode.
///
/// ```yaml
/// pipelines:
///   create-order:
///     methods: [POST]
///     decision: data.orders.decision
///     transform: data.orders.transform.row
///     connector: orders-db.insert
///     format: xml
///     xml_root: order
/// ```
public struct PipelineDefinition: Sendable, Equatable {
    /// The name in `/v1/pipelines/{name}`.
    public var name: String
    /// HTTP methods the pipeline answers (upper case).
    public var methods: [String] = ["POST"]
    /// The decision rule's path under `data` (`["orders", "decision"]`).
    public var decision: [String]
    /// The mapping rule's path under `data`; nil passes `input.body` to the connector unchanged.
    public var transform: [String]?
    /// The connector operation to run; nil answers with the transform's output.
    public var connector: ConnectorReference?
    /// Root element name for XML answers whose value is not a single-key object.
    public var xmlRoot = "result"
    /// How CSV bodies are read and CSV answers written.
    public var csv = CSVOptions()
    /// The answer's format when `Accept` leaves the choice open (absent or `*/*`).
    public var format = MediaType.json
    /// The status of a successful answer (a decision's `status` overrides it).
    public var successStatus = 200

    public init(name: String, decision: [String]) {
        self.name = name
        self.decision = decision
    }
}

/// `orders-db.insert`: a connector's name and one of its operations.
public struct ConnectorReference: Sendable, Equatable, CustomStringConvertible {
    public var connector: String
    public var operation: String

    public init(connector: String, operation: String) {
        self.connector = connector
        self.operation = operation
    }

    public var description: String { connector + "." + operation }
}
