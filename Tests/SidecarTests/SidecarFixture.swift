import Foundation
import Hummingbird
import HummingbirdTesting
import RegoValue
import Testing
@testable import Sidecar

/// A sidecar over a temporary folder: policies/, data/ and a fresh SQLite state file.
struct SidecarFixture {
    let root: URL
    var configuration = SidecarConfiguration()

    static let authz = """
        package authz

        default allow := false

        allow if input.user in data.admins

        allow if {
        \tinput.method == "GET"
        \tinput.user in data.readers
        }
        """

    init(policies: [String: String] = ["authz.rego": SidecarFixture.authz],
         data: String = #"{"admins": ["alice"], "readers": ["bob"]}"#) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-sidecar-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        for (name, text) in policies { try write(text, to: "policies/\(name)") }
        try write(data, to: "data/data.json")
        configuration.address = "127.0.0.1:0"
        configuration.policiesPath = root.appendingPathComponent("policies").path
        configuration.dataPath = root.appendingPathComponent("data").path
        configuration.statePath = root.appendingPathComponent("var/state.sqlite").path
        configuration.limits.maxBodyBytes = 64 * 1024
    }

    func write(_ text: String, to relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func server() throws -> SidecarServer { try SidecarServer(configuration: configuration) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// The JSON document of a response body.
func json(_ response: TestResponse) throws -> Value {
    try JSONReader.parse(String(buffer: response.body))
}

func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The JSON document of a response body, or null (with a recorded issue) when it is not JSON.
func bodyJSON(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> Value {
    do { return try json(response) } catch {
        Issue.record("response body is not JSON: \(String(buffer: response.body))", sourceLocation: sourceLocation)
        return .null
    }
}
