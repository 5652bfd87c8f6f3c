import Foundation
@testable import DecisionLog
import RegoValue

/// A fresh SQLite file path under the temporary directory; the folder goes away with the value.
final class TemporaryDatabase {
    let folder: String
    let path: String

    init() throws {
        folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("decisionlog-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = (folder as NSString).appendingPathComponent("state.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The journal folder beside the SQLite file.
    var journal: String { path + "-decisions" }

    /// The journal's segment files, in order.
    var segments: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: journal)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
            .map { (journal as NSString).appendingPathComponent($0) }
    }

    /// Every byte the log keeps on disk: the SQLite file, its WAL and shared memory, the journal.
    var allBytes: Data {
        var bytes = Data()
        for file in [path, path + "-wal", path + "-shm"] + segments {
            if let data = FileManager.default.contents(atPath: file) { bytes.append(data) }
        }
        return bytes
    }
}

/// Nanoseconds of 2026-11-01T00:00:00Z, the tests' reference time.
let referenceTime: Int64 = 1_793_491_200_000_000_000

/// A record with sensible test values; `index` makes the id and time distinct.
func sampleRecord(
    _ index: Int, subject: String? = "alice", path: String = "httpapi/authz/allow", allowed: Bool? = true,
    at time: Int64? = nil
) -> DecisionRecord {
    DecisionRecord(
        decisionID: "d-\(index)", timestamp: time ?? referenceTime + Int64(index) * 1_000_000_000, path: path,
        input: ["user": .string(subject ?? "nobody"), "n": .int(index)], result: allowed.map(Value.bool),
        requestedBy: "127.0.0.1:5000", labels: ["id": "test"], allowed: allowed, subject: subject,
        policyHash: "abc123", evaluationNanoseconds: 1500)
}
