import Foundation
import Hummingbird
import HummingbirdTesting
import RegoValue
import Testing
@testable import Sidecar

@Suite struct DataAPITests {
    @Test func postDecisionReturnsResultAndDecisionID() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "alice"}}"#)) { response in
                #expect(response.status == .ok)
                let doc = bodyJSON(response)
                #expect(doc[.string("result")] == .bool(true))
                #expect(doc[.string("decision_id")]?.stringValue?.count == 36)
            }
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "bob", "method": "POST"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(false))
            }
        }
    }

    @Test func undefinedResultOmitsResultWith200() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/nothing", method: .post, body: body("{}")) { response in
                #expect(response.status == .ok)
                let doc = bodyJSON(response)
                #expect(doc[.string("result")] == nil)
                #expect(doc[.string("decision_id")] != nil)
            }
        }
    }

    @Test func getDataReadsDocumentsAndPrettyAndMetricsApply() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/admins?pretty=true&metrics=true", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\n  "))
                let doc = try JSONReader.parse(text)
                #expect(doc[.string("result")] == ["alice"])
                #expect(doc[.string("metrics")]?[.string("timer_rego_query_eval_ns")] != nil)
            }
        }
    }

    @Test func percentEncodedPathSegmentsAreDecoded() async throws {
        let fixture = try SidecarFixture(data: #"{"team roles": {"a/b": ["x"]}}"#)
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/team%20roles/a%2Fb", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == ["x"])
            }
            try await client.execute(uri: "/v1/data/team%20roles//a%2Fb/", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == ["x"])
            }
        }
    }

    @Test func malformedBodyIs400InvalidParameter() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": "#)) { response in
                #expect(response.status == .badRequest)
                #expect(bodyJSON(response)[.string("code")] == "invalid_parameter")
            }
        }
    }

    @Test func bodyOverTheLimitIs413() async throws {
        var fixture = try SidecarFixture()
        fixture.configuration.limits.maxBodyBytes = 100
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            let big = #"{"input": {"pad": ""# + String(repeating: "x", count: 500) + #""}}"#
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(big)) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func evaluationErrorIs500WithEvaluatorCodeAndLocation() async throws {
        let fixture = try SidecarFixture(policies: ["bad.rego": "package bad\n\nx := 1 / 0\n\np := y if { y := [1, 2][_] }\n"])
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/bad/p", method: .post, body: body("{}")) { response in
                #expect(response.status == .internalServerError)
                let doc = bodyJSON(response)
                #expect(doc[.string("code")] == "internal_error")
                #expect(doc[.string("errors")]?[.int(0)]?[.string("code")] == "eval_conflict_error")
                #expect(doc[.string("errors")]?[.int(0)]?[.string("location")]?[.string("row")] == 5)
            }
            try await client.execute(uri: "/v1/data/bad/x?strict-builtin-errors=true", method: .post, body: body("{}")) { response in
                #expect(response.status == .internalServerError)
                #expect(bodyJSON(response)[.string("errors")]?[.int(0)]?[.string("code")] == "eval_builtin_error")
            }
        }
    }

    @Test func putPatchDeleteChangeTheDocumentsPolicySees() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/admins", method: .put, body: body(#"["carol"]"#)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "carol"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
            try await client.execute(uri: "/v1/data/admins", method: .patch, body: body(#"[{"op": "add", "path": "/-", "value": "dave"}]"#)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/data/admins", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == ["carol", "dave"])
            }
            try await client.execute(uri: "/v1/data/admins", method: .delete) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/data/admins", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func putWithIfNoneMatchDoesNotOverwrite() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/admins", method: .put, headers: [.ifNoneMatch: "*"], body: body(#"["eve"]"#)) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/v1/data/admins", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == ["alice"])
            }
        }
    }

    @Test func v0AndRootAnswerBareValues() async throws {
        let fixture = try SidecarFixture(policies: ["main.rego": "package system\n\nmain := {\"hello\": input.name}\n"])
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .post, body: body(#"{"name": "world"}"#)) { response in
                #expect(bodyJSON(response) == ["hello": "world"])
            }
            try await client.execute(uri: "/v0/data/system/main", method: .post, body: body(#"{"name": "v0"}"#)) { response in
                #expect(bodyJSON(response) == ["hello": "v0"])
            }
            try await client.execute(uri: "/v0/data/system/missing", method: .post, body: body("{}")) { response in
                #expect(response.status == .notFound)
                #expect(bodyJSON(response)[.string("code")] == "undefined_document")
            }
        }
    }

    @Test func queryEndpointReturnsBindings() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/query", method: .post, body: body(#"{"query": "x := data.admins[_]"}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == [["x": "alice"]])
            }
            try await client.execute(uri: "/v1/query", method: .post, body: body(#"{"query": "x := "}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
