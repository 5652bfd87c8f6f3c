@testable import DecisionLog
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import RegoValue
import Testing
@testable import Sidecar

@Suite struct DecisionLogAPITests {
    static let secretPolicy = """
        package system.log

        mask contains "/input/password"
        """

    @Test func everyDecisionIsRecordedWithSubjectAndOutcome() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            var id = ""
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "bob", "subject": {"user": "bob"}, "method": "POST"}}"#)) { response in
                id = bodyJSON(response)[.string("decision_id")]?.stringValue ?? ""
            }
            try await client.execute(uri: "/v1/decisions/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                let record = bodyJSON(response)[.string("result")]
                #expect(record?[.string("decision_id")] == .string(id))
                #expect(record?[.string("path")] == "authz/allow")
                #expect(record?[.string("allowed")] == .bool(false))
                #expect(record?[.string("subject")] == "bob")
                #expect(record?[.string("result")] == .bool(false))
                #expect(record?[.string("labels")] == ["app": "tollgate"])
                #expect(record?[.string("metrics")]?.objectValue?.keys == ["timer_rego_query_eval_ns"])
                // The SHA-256 of the policy set, as an auditor recomputes it from the one policy file.
                let policySet = Array("authz.rego".utf8) + [0] + Array(SidecarFixture.authz.utf8) + [0]
                #expect(record?[.string("policy_hash")] == .string(SHA256.hex(policySet)))
            }
            try await client.execute(uri: "/v1/decisions?subject=bob&allowed=false", method: .get) { response in
                #expect(bodyJSON(response)[.string("result")]?.arrayValue?.count == 1)
            }
            try await client.execute(uri: "/v1/decisions?allowed=maybe", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(bodyJSON(response)[.string("code")] == "invalid_parameter")
            }
            try await client.execute(uri: "/v1/decisions/nope", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("tollgate_decision_log_records_total 1\n"))
                #expect(text.contains("tollgate_decision_log_indexed_total 1\n"))
                #expect(text.contains("tollgate_decision_log_commits_total 1\n"))
                #expect(text.contains("tollgate_decision_log_index_failures_total 0\n"))
            }
        }
    }

    @Test func maskedValuesNeverReachTheDisk() async throws {
        let fixture = try SidecarFixture(policies: ["authz.rego": SidecarFixture.authz, "log.rego": DecisionLogAPITests.secretPolicy])
        defer { fixture.remove() }
        let server = try fixture.server()
        let app = try server.application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/data/authz/allow", method: .post, body: body(#"{"input": {"user": "alice", "password": "hunter2-very-secret"}}"#)) { response in
                #expect(bodyJSON(response)[.string("result")] == .bool(true))
            }
            try await client.execute(uri: "/v1/decisions?limit=1", method: .get) { response in
                let record = bodyJSON(response)[.string("result")]?[.int(0)]
                #expect(record?[.string("input")]?[.string("password")] == nil)
                #expect(record?[.string("erased")] == ["/input/password"])
            }
        }
        // Neither the journal (before the shutdown indexes it) nor the tables hold the secret.
        for stage in ["journaled", "indexed"] {
            if stage == "indexed" { await server.shutdown() }
            let state = fixture.configuration.statePath
            let journal = state + "-decisions"
            let segments = ((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).filter { $0.hasSuffix(".log") }
            #expect(segments.isEmpty == (stage == "indexed"))
            var bytes = Data()
            for file in [state, state + "-wal", state + "-shm"] + segments.map({ journal + "/" + $0 }) {
                if let data = FileManager.default.contents(atPath: file) { bytes.append(data) }
            }
            if stage == "indexed" {
                // The tables hold their chunks compressed: what they hold, decompressed, counts too.
                let store = try DecisionStore(path: state)
                try store.forEachChunk(DecisionStore.allChunks, [], on: store.reader) { _, _, frames in
                    bytes.append(contentsOf: frames)
                    return true
                }
                store.close()
            }
            #expect(bytes.range(of: Data("alice".utf8)) != nil, "\(stage): the record is not on disk")
            #expect(bytes.range(of: Data("hunter2-very-secret".utf8)) == nil, "\(stage)")
        }
    }

    @Test func decisionLogIsLoopbackOnlyWithoutTokenAndNeedsTokenWithOne() async throws {
        var fixture = try SidecarFixture()
        fixture.configuration.adminToken = "audit"
        defer { fixture.remove() }
        let app = try fixture.server().application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/decisions", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/decisions", method: .get, headers: [.authorization: "Bearer audiT"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/decisions", method: .get, headers: [.authorization: "Bearer audit"]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// Runs the real `tollgate` binary, kills it with SIGKILL under load, and checks the log.
@Suite struct CrashDurabilityTests {
    static var binary: String {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tollgate")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
            folder.deleteLastPathComponent()
        }
        return projectFile(".build/debug/tollgate")
    }

    /// Starts the binary on the fixture's files and returns it with the port it serves on.
    func start(_ fixture: SidecarFixture) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CrashDurabilityTests.binary)
        process.arguments = ["run", "--addr", "127.0.0.1:0", "--policies", fixture.configuration.policiesPath,
                             "--data", fixture.configuration.dataPath, "--state", fixture.configuration.statePath]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The server prints "tollgate: serving on HOST:PORT" once it listens.
        var port = 0
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && Date() < deadline && process.isRunning {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { try await Task.sleep(nanoseconds: 20_000_000); continue }
            seen += String(decoding: chunk, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.contains("serving on") }), let p = line.split(separator: ":").last.flatMap({ Int($0) }) {
                port = p
            }
        }
        if port == 0 { kill(process.processIdentifier, SIGKILL) }
        try #require(port > 0, "the server did not start: \(seen)")
        return (process, port)
    }

    @Test func everyAnsweredDecisionSurvivesSIGKILL() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let (process, port) = try await start(fixture)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let answered = Answered()
        let serverPort = port
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        let session = URLSession(configuration: .ephemeral)
                        var i = 0
                        while await !answered.stopped, i < 100_000 {
                            i += 1
                            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(serverPort)/v1/data/authz/allow")!)
                            request.httpMethod = "POST"
                            request.httpBody = Data(#"{"input": {"user": "w\#(worker)-\#(i)"}}"#.utf8)
                            guard let (data, _) = try? await session.data(for: request),
                                  let doc = try? JSONReader.parse(String(decoding: data, as: UTF8.self)),
                                  let id = doc[.string("decision_id")]?.stringValue else { continue }
                            await answered.add(id)
                        }
                    }
                }
            }
        }
        // Kill the server without warning once it is well into the load (bounded wait).
        let loadDeadline = Date().addingTimeInterval(60)
        while await answered.ids.count < 300 && Date() < loadDeadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        await answered.stop()
        await load.value
        let ids = await answered.ids
        #expect(ids.count >= 300, "too few decisions were answered before the kill to test anything")

        // Restarted, the server indexes what the killed one journaled and serves every answered decision.
        let (restarted, newPort) = try await start(fixture)
        defer { if restarted.isRunning { kill(restarted.processIdentifier, SIGKILL) } }
        let session = URLSession(configuration: .ephemeral)
        for id in [ids.first, ids.last].compactMap({ $0 }) {
            let (_, response) = try await session.data(from: URL(string: "http://127.0.0.1:\(newPort)/v1/decisions/\(id)")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200, "decision \(id)")
        }
        let store = try DecisionStore(path: fixture.configuration.statePath)
        var missing: [String] = []
        for id in ids where try store.get(id: id) == nil { missing.append(id) }
        #expect(missing.isEmpty, "\(missing.count) answered decisions are missing, e.g. \(missing.prefix(3))")
        let report = try store.verify()
        #expect(report.isIntact, "\(report)")
        store.close()
        kill(restarted.processIdentifier, SIGTERM)
        restarted.waitUntilExit()
        #expect(restarted.terminationStatus == 0)
    }
}

actor Answered {
    var ids: [String] = []
    var stopped = false
    func add(_ id: String) { ids.append(id) }
    func stop() { stopped = true }
}
