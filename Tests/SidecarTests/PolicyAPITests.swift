import Foundation
import Hummingbird
import HummingbirdTesting
import RegoValue
import Testing
@testable import Sidecar

@Suite struct PolicyAPITests {
    @Test func putGetListDeletePolicy() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/policies/extra", method: .put, body: body("package extra\n\ngreeting := \"hi\"\n")) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/data/extra/greeting", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == "hi")
            }
            try await client.execute(uri: "/v1/policies", method: .get) { response in
                let ids = bodyJSON(response)[.string("result")]?.arrayValue?.compactMap { $0[.string("id")]?.stringValue }
                #expect(ids?.contains("extra") == true)
                #expect(ids?.contains("authz.rego") == true)
            }
            try await client.execute(uri: "/v1/policies/extra", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")]?[.string("raw")] == "package extra\n\ngreeting := \"hi\"\n")
            }
            try await client.execute(uri: "/v1/policies/extra", method: .delete) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/policies/extra", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func policyThatDoesNotCompileIsRefusedAndChangesNothing() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/policies/broken", method: .put, body: body("package broken\n\np if {\n\tx > 1\n}\n")) { response in
                #expect(response.status == .badRequest)
                let doc = bodyJSON(response)
                #expect(doc[.string("code")] == "invalid_parameter")
                #expect(doc[.string("errors")]?[.int(0)]?[.string("code")] == "rego_unsafe_var_error")
                #expect(doc[.string("errors")]?[.int(0)]?[.string("location")]?[.string("row")] == 4)
            }
            try await client.execute(uri: "/v1/policies/broken", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "alice"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
        }
    }

    @Test func unknownPolicyIs404() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/policies/nope", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/health?bundles&plugins", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body("{}")) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"tollgate_http_requests_total{endpoint="/v1/data",code="200"} 1"#))
                #expect(text.contains("tollgate_evaluation_duration_seconds_count 1"))
                #expect(text.contains("tollgate_policy_reloads_total 1"))
            }
        }
    }

    @Test func healthIs500WhenNoPolicyEverCompiled() async throws {
        let fixture = try SidecarFixture(policies: ["bad.rego": "package bad\n\np if {\n"])
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .internalServerError)
            }
        }
    }
}

@Suite struct ReloadAndRestartTests {
    @Test func fileChangeTakesEffectAndBrokenFileKeepsOldPolicy() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let server = try fixture.server()
        let app = try server.application()
        try fixture.write("package authz\n\ndefault allow := true\n", to: "policies/authz.rego")
        #expect(server.reloadFiles().isEmpty)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "nobody"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
        }
        try fixture.write("package authz\n\nallow if {\n", to: "policies/authz.rego")
        let errors = server.reloadFiles()
        #expect(errors.first?.code == "rego_parse_error")
        #expect(errors.first?.location?.file.hasSuffix("authz.rego") == true)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "nobody"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(bodyJSON(response)[.string("policy_errors")]?[.int(0)]?[.string("code")] == "rego_parse_error")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("tollgate_policy_reload_failures_total 1"))
            }
        }
    }

    @Test func apiWritesSurviveRestart() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        do {
            let first = try fixture.server()
            let app = try first.application()
            try await app.test(.router) { client in
                try await client.execute(uri: "/v1/data/admins", method: .put, body: body(#"["zed"]"#)) { _ in }
                try await client.execute(uri: "/v1/policies/extra", method: .put, body: body("package extra\n\nv := data.admins[0]\n")) { _ in }
            }
            await first.shutdown()
        }
        let restarted = try fixture.server()
        let app = try restarted.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/extra/v", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")] == "zed")
            }
        }
    }
}

@Suite struct AdminTokenTests {
    @Test func writesNeedTheAdminTokenWhenConfigured() async throws {
        var fixture = try SidecarFixture()
        fixture.configuration.adminToken = "s3cret"
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/admins", method: .put, body: body(#"["x"]"#)) { response in
                #expect(response.status == .unauthorized)
                #expect(bodyJSON(response)[.string("code")] == "unauthorized")
            }
            // A token differing in its last byte, cut short, or run on is refused like none.
            for wrong in ["Bearer s3creT", "Bearer s3cre", "Bearer s3cret2", "bearer s3cret"] {
                try await client.execute(uri: "/v1/data/admins", method: .put, headers: [.authorization: wrong], body: body(#"["x"]"#)) { response in
                    #expect(response.status == .unauthorized, "\(wrong)")
                }
            }
            try await client.execute(uri: "/v1/data/admins", method: .put, headers: [.authorization: "Bearer s3cret"], body: body(#"["x"]"#)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "x"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
        }
    }
}

@Suite struct ReloadServiceTests {
    @Test func pollingPicksUpAChangedDataFile() async throws {
        var fixture = try SidecarFixture()
        fixture.configuration.reloadIntervalNanoseconds = 50_000_000
        defer { fixture.remove() }
        let server = try fixture.server()
        let service = ReloadService(server: server, interval: 50_000_000)
        let reloader = Task { try await service.run() }
        defer { reloader.cancel() }
        #expect(server.runtime.current.policy.data[.string("admins")] == ["alice"])
        // File modification times have a coarse resolution on some file systems: change the size too.
        try fixture.write(#"{"admins": ["alice", "zoe"], "readers": []}"#, to: "data/data.json")
        var seen = false
        for _ in 0..<100 where !seen {
            try await Task.sleep(nanoseconds: 50_000_000)
            seen = server.runtime.current.policy.data[.string("admins")] == ["alice", "zoe"]
        }
        #expect(seen, "the changed data file was not reloaded within 5 seconds")
    }
}
