import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import RegoValue
import Testing
@testable import Sidecar

/// Runs the real server on a free port and talks HTTP to it.
@Suite struct LiveServerTests {
    func send(_ session: URLSession, _ port: Int, _ method: String, _ path: String, _ body: String?) async throws -> (Int, Value?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let text = String(decoding: data, as: UTF8.self)
        return (status, text.isEmpty ? nil : try? JSONReader.parse(text))
    }

    @Test func thousandConcurrentMixedRequestsLoseNothing() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let server = try fixture.server()
        let app = try server.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let session = URLSession(configuration: .ephemeral)
            let outcomes = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for i in 0..<1000 {
                    group.addTask {
                        switch i % 4 {
                        case 0:
                            let (status, _) = try await send(session, port, "PUT", "/v1/data/writes/k\(i)", "\(i)")
                            return (i, status)
                        case 1:
                            let (status, doc) = try await send(session, port, "POST", "/v1/data/authz/allow", #"{"input": {"user": "alice"}}"#)
                            return (i, status == 200 && doc?[.string("result")] == .bool(true) ? 200 : -status)
                        case 2:
                            let (status, _) = try await send(session, port, "GET", "/v1/data/admins", nil)
                            return (i, status)
                        default:
                            let (status, _) = try await send(session, port, "POST", "/v1/query", #"{"query": "x := count(data.admins)"}"#)
                            return (i, status)
                        }
                    }
                }
                var all: [(Int, Int)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let failures = outcomes.filter { $0.1 != 200 && $0.1 != 204 }
            #expect(outcomes.count == 1000)
            #expect(failures.isEmpty, "failed requests: \(failures.prefix(10))")
            let (_, writes) = try await send(session, port, "GET", "/v1/data/writes", nil)
            #expect(writes?[.string("result")]?.objectValue?.count == 250)
        }
    }
}
