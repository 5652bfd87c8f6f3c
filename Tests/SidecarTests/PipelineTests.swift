import DataStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Integration
import RegoValue
import Testing
@testable import Sidecar

extension SidecarFixture {
    /// The shipped worked example (policies/orders, data/orders, tollgate.yaml's pipelines) over a
    /// fresh folder, with the orders database inside it.
    static func orders(extraPolicies: [String: String] = [:]) throws -> SidecarFixture {
        var policies = extraPolicies
        for name in ["decision.rego", "transform.rego"] {
            policies["orders/" + name] = try String(contentsOfFile: projectFile("policies/orders/" + name), encoding: .utf8)
        }
        var fixture = try SidecarFixture(policies: policies, data: "{}")
        try fixture.write(try String(contentsOfFile: projectFile("data/orders/data.json"), encoding: .utf8), to: "data/orders/data.json")
        let shipped = try SidecarConfiguration.load(file: projectFile("tollgate.yaml"), required: true)
        fixture.configuration.integration = shipped.integration
        guard case .sqlite(var database)? = shipped.integration.connectors["orders-db"] else {
            throw ConfigurationError(key: "connectors.orders-db", line: 0, column: 0, message: "the shipped example has no sqlite orders-db")
        }
        database.path = fixture.ordersDatabase
        fixture.configuration.integration.connectors["orders-db"] = .sqlite(database)
        return fixture
    }

    var ordersDatabase: String { root.appendingPathComponent("var/orders.sqlite").path }

    /// Rows in the orders table, read through a connection of its own.
    func orderCount() throws -> Int64 {
        let db = try SQLiteDatabase(path: ordersDatabase)
        defer { db.close() }
        return try db.query("SELECT count(*) FROM orders") { $0.int(0) }.first ?? -1
    }
}

let xUser = HTTPField.Name("X-User")
let decisionHeader = HTTPField.Name("Tollgate-Decision-Id")

func headers(user: String?, contentType: String = "application/json", accept: String? = nil) -> HTTPFields {
    var fields: HTTPFields = [.contentType: contentType]
    if let user, let xUser { fields[xUser] = user }
    if let accept { fields[.accept] = accept }
    return fields
}

/// The decision-log records, newest first.
func decisionRecords(_ client: some TestClientProtocol) async throws -> [Value] {
    try await client.execute(uri: "/v1/decisions?limit=100", method: .get) { response in
        bodyJSON(response)[.string("result")]?.arrayValue ?? []
    }
}

@Suite struct PipelineTests {
    @Test func jsonOrderIsInsertedAndAnsweredInXML() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            var id = ""
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice"),
                                     body: body(#"{"item": "widget", "quantity": 3}"#)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType]?.hasPrefix("application/xml") == true)
                id = try #require(decisionHeader.flatMap { response.headers[$0] })
                let answer = try XMLCodec.parse(String(buffer: response.body))
                #expect(answer == ["order": ["changes": "1", "last_id": "1"]])
            }
            try await client.execute(uri: "/api/list-orders", method: .get, headers: headers(user: "alice", accept: "application/json")) { response in
                #expect(response.status == .ok)
                let doc = bodyJSON(response)
                #expect(doc[.string("allowed")] == .bool(true))
                let rows = try #require(doc[.string("result")]?.arrayValue)
                #expect(rows.count == 1)
                #expect(rows.first?[.string("item")] == "widget")
                #expect(rows.first?[.string("quantity")] == 3)
                #expect(rows.first?[.string("total")] == 7.5)
            }
            let records = try await decisionRecords(client)
            let record = try #require(records.first { $0[.string("decision_id")] == .string(id) })
            #expect(record[.string("path")] == "orders/decision")
            #expect(record[.string("allowed")] == .bool(true))
            #expect(record[.string("outcome")] == "ok: orders-db.insert")
            #expect(record[.string("labels")]?[.string("pipeline")] == "create-order")
            #expect(record[.string("labels")]?[.string("app")] == "tollgate")
            let metrics = try #require(record[.string("metrics")]?.objectValue)
            #expect(metrics.keys == ["timer_connector_ns", "timer_rego_query_eval_ns"])
            #expect(metrics.values.allSatisfy { Value.compare($0, .int(0)) >= 0 && $0.numberValue != nil })
            #expect(record[.string("subject")] == "alice")
            #expect(record[.string("input")]?[.string("body")]?[.string("item")] == "widget")
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 1)
    }

    @Test func theWorkedExampleRunsOverTCP() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.live) { client in
            try await client.execute(uri: "/api/create-order", method: .post, headers: headers(user: "alice"),
                                     body: body(#"{"item": "gadget", "quantity": 2}"#)) { response in
                #expect(response.status == .created)
                let answer = try XMLCodec.parse(String(buffer: response.body))
                #expect(answer == ["order": ["changes": "1", "last_id": "1"]])
            }
            try await client.execute(uri: "/api/list-orders", method: .get, headers: headers(user: "bob", accept: "text/csv")) { response in
                // bob may read (his own, none yet): an empty CSV answer.
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            }
            try await client.execute(uri: "/api/list-orders", method: .get, headers: headers(user: "mallory")) { response in
                #expect(response.status == .forbidden)
            }
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 1)
    }

    @Test func csvRowsAreInsertedInOneCallAndAnsweredAsCSV() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            let csv = "item,quantity\r\nwidget,2\r\n\"gadget\",1\r\n"
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post,
                                     headers: headers(user: "carol", contentType: "text/csv", accept: "text/csv"), body: body(csv)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let rows = try CSVCodec.parse(String(buffer: response.body))
                #expect(rows == [["changes": "2", "last_id": "2"]])
            }
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 2)
    }

    @Test func xmlAndFormBodiesAreDecoded() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            // An XML order's root element wraps the fields; the mapping reads input.body, so send the
            // root's content through a form body too, and the XML one through the transform it fits.
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post,
                                     headers: headers(user: "alice", contentType: "application/x-www-form-urlencoded", accept: "application/json"),
                                     body: body("item=gizmo&quantity=4")) { response in
                #expect(response.status == .created)
                #expect(bodyJSON(response)[.string("result")]?[.string("last_id")] == 1)
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post,
                                     headers: headers(user: "alice", contentType: "application/xml"),
                                     body: body("<order><item>widget</item><quantity>1</quantity></order>")) { response in
                // The XML document is {"order": {...}}: not an order object, so the policy denies it and says why.
                #expect(response.status == .forbidden)
                let answer = try XMLCodec.parse(String(buffer: response.body))
                #expect(answer[.string("decision")]?[.string("allowed")] == "false")
            }
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 1)
    }

    @Test func deniedCallsRunNothingAndAreRecorded() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "bob", accept: "application/json"),
                                     body: body(#"{"item": "widget", "quantity": 3}"#)) { response in
                #expect(response.status == .forbidden)
                let doc = bodyJSON(response)
                #expect(doc[.string("allowed")] == .bool(false))
                #expect(doc[.string("reasons")] == ["user bob may not place orders (role: viewer)"])
                #expect(doc[.string("decision_id")]?.stringValue == decisionHeader.flatMap { response.headers[$0] })
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: nil, accept: "application/json"),
                                     body: body(#"{"item": "widget", "quantity": 3}"#)) { response in
                #expect(response.status == .forbidden)
            }
            let records = try await decisionRecords(client)
            #expect(records.count == 2)
            #expect(records.allSatisfy { $0[.string("allowed")] == .bool(false) && $0[.string("outcome")] == "denied" })
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 0)
    }

    @Test func malformedBodiesAreRefusedWithTheirPosition() async throws {
        let fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", contentType: "text/csv"),
                                     body: body("item,quantity\nwidget,\"2\n")) { response in
                #expect(response.status == .badRequest)
                let doc = bodyJSON(response)
                #expect(doc[.string("code")] == "invalid_body")
                #expect(doc[.string("format")] == "csv")
                #expect(doc[.string("line")] == 2)
                #expect(doc[.string("column")] == 8)
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", contentType: "text/xml"),
                                     body: body("<order>\n  <item>widget</itm>\n</order>")) { response in
                #expect(response.status == .badRequest)
                let doc = bodyJSON(response)
                #expect(doc[.string("format")] == "xml")
                #expect(doc[.string("line")] == 2)
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", contentType: "application/json"),
                                     body: body("{\"item\": }")) { response in
                #expect(response.status == .badRequest)
                #expect(bodyJSON(response)[.string("format")] == "json")
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", contentType: "image/png"),
                                     body: body("\u{89}PNG")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", accept: "image/png"),
                                     body: body(#"{"item": "widget", "quantity": 3}"#)) { response in
                #expect(response.status == .notAcceptable)
            }
            try await client.execute(uri: "/v1/pipelines/create-order", method: .get, headers: headers(user: "alice")) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/pipelines/nope", method: .post, headers: headers(user: "alice"), body: body("{}")) { response in
                #expect(response.status == .notFound)
            }
            // None of these reached a decision.
            #expect(try await decisionRecords(client).isEmpty)
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 0)
    }

    @Test func undefinedTransformIs422() async throws {
        var fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        var pipeline = try #require(fixture.configuration.integration.pipeline(named: "create-order"))
        pipeline.name = "broken"
        pipeline.transform = ["orders", "transform", "missing"]
        fixture.configuration.integration.pipelines.append(pipeline)
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/v1/pipelines/broken", method: .post, headers: headers(user: "alice"),
                                     body: body(#"{"item": "widget", "quantity": 3}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(bodyJSON(response)[.string("code")] == "undefined_transform")
            }
            #expect(try await decisionRecords(client).first?[.string("outcome")] == "transform_undefined")
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 0)
    }

    @Test func aFailingRowRollsBackTheWholeCall() async throws {
        var fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        // A stricter table: one order line per item.
        guard case .sqlite(var database)? = fixture.configuration.integration.connectors["orders-db"] else { return }
        database.schema = ["CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, item TEXT UNIQUE, quantity INTEGER, unit_price REAL, total REAL, created_at TEXT)"]
        fixture.configuration.integration.connectors["orders-db"] = .sqlite(database)
        let server = try fixture.server()
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/v1/pipelines/create-order", method: .post, headers: headers(user: "alice", contentType: "text/csv", accept: "application/json"),
                                     body: body("item,quantity\nwidget,1\ngizmo,2\nwidget,3\n")) { response in
                #expect(response.status == .conflict)
                #expect(bodyJSON(response)[.string("code")] == "connector_conflict")
            }
            #expect(try await decisionRecords(client).first?[.string("outcome")] == "connector_conflict: orders-db.insert")
        }
        await server.shutdown()
        #expect(try fixture.orderCount() == 0)
    }

    @Test func aBrokenConnectorStopsTheServerFromStarting() throws {
        var fixture = try SidecarFixture.orders()
        defer { fixture.remove() }
        guard case .sqlite(var database)? = fixture.configuration.integration.connectors["orders-db"] else { return }
        database.operations[0].statements = ["INSERT INTO nowhere (x) VALUES (:x)"]
        fixture.configuration.integration.connectors["orders-db"] = .sqlite(database)
        let error = #expect(throws: ConfigurationError.self) { try fixture.server() }
        #expect(error?.key == "connectors.orders-db")
    }
}
