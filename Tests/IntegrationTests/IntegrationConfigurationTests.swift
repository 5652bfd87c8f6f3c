import Integration
import Testing
import Yams

@Suite struct IntegrationConfigurationTests {
    func parse(_ yaml: String) throws -> IntegrationConfiguration {
        let root = try #require(try Yams.compose(yaml: yaml))
        let mapping = try #require(root.mapping)
        return try IntegrationConfiguration.parse(
            pipelines: mapping["pipelines"], connectors: mapping["connectors"], routePrefix: mapping["pipeline_prefix"])
    }

    static let valid = """
        pipeline_prefix: /api/
        pipelines:
          create-order:
            decision: data.orders.decision
            transform: orders/transform/rows
            connector: db.insert
            methods: [post, put]
            format: xml
            xml_root: order
            status: 201
            csv: { delimiter: ";", header: false }
        connectors:
          db:
            type: sqlite
            path: var/db.sqlite
            schema: CREATE TABLE IF NOT EXISTS t (x)
            operations:
              insert: { sql: "INSERT INTO t (x) VALUES (:x)", returns: last_id }
              list: { sql: "SELECT x FROM t" }
          up:
            type: http
            url: http://127.0.0.1:9000/
            timeout: 250ms
            retries: 3
            backoff: 10ms
            breaker: { failures: 2, open_for: 5s }
            operations:
              get: { method: GET, path: "/items/{id}" }
        """

    @Test func readsPipelinesAndConnectors() throws {
        let config = try parse(Self.valid)
        #expect(config.routePrefix == "/api")
        let pipeline = try #require(config.pipeline(named: "create-order"))
        #expect(pipeline.decision == ["orders", "decision"])
        #expect(pipeline.transform == ["orders", "transform", "rows"])
        #expect(pipeline.connector == ConnectorReference(connector: "db", operation: "insert"))
        #expect(pipeline.methods == ["POST", "PUT"])
        #expect(pipeline.format == .xml)
        #expect(pipeline.successStatus == 201)
        #expect(pipeline.csv.delimiter == UInt8(ascii: ";"))
        #expect(pipeline.csv.header == false)
        guard case .sqlite(let db)? = config.connectors["db"] else { Issue.record("db is not sqlite"); return }
        #expect(db.operations.map(\.returns) == [.lastID, .rows])
        guard case .http(let up)? = config.connectors["up"] else { Issue.record("up is not http"); return }
        #expect(up.baseURL == "http://127.0.0.1:9000")
        #expect(up.timeoutNanoseconds == 250_000_000)
        #expect(up.retry.retries == 3)
        #expect(up.breaker.failureThreshold == 2)
        #expect(up.operations.first?.sendsBody == false)
    }

    @Test(arguments: [
        ("pipelines:\n  p:\n    decision: data.x\n    connector: nope.insert\n", "pipelines.p.connector", 4),
        ("pipelines:\n  p:\n    transform: data.x\n", "pipelines.p.decision", 3),
        ("pipelines:\n  p:\n    decision: data.x\n    colour: red\n", "pipelines.p.colour", 4),
        ("pipelines:\n  p:\n    decision: data.x\n    methods: [FETCH]\n", "pipelines.p.methods", 4),
        ("pipelines:\n  bad name:\n    decision: data.x\n", "pipelines.bad name", 2),
        ("connectors:\n  db:\n    type: mongo\n", "connectors.db.type", 3),
        ("connectors:\n  db:\n    type: sqlite\n    path: x.sqlite\n    operations:\n      i: { sql: \"INSERT\", returns: all }\n", "connectors.db.operations.i.returns", 6),
        ("connectors:\n  up:\n    type: http\n    url: ftp://x\n    operations:\n      g: { path: / }\n", "connectors.up.url", 4),
        ("connectors:\n  up:\n    type: http\n    url: http://x\n    retries: 99\n    operations:\n      g: { path: / }\n", "connectors.up.retries", 5),
        ("pipeline_prefix: /v1\n", "pipeline_prefix", 1),
    ])
    func mistakesNameTheKeyAndLine(yaml: String, key: String, line: Int) throws {
        let error = #expect(throws: ConfigurationError.self) { try parse(yaml) }
        #expect(error?.key == key)
        #expect(error?.line == line)
    }

    @Test func aPipelineNamingAMissingOperationIsRefused() throws {
        let yaml = Self.valid.replacingOccurrences(of: "connector: db.insert", with: "connector: db.upsert")
        let error = #expect(throws: ConfigurationError.self) { try parse(yaml) }
        #expect(error?.key == "pipelines.create-order.connector")
    }
}
