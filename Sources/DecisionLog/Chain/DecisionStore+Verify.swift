import DataStore
import RegoValue

extension DecisionStore {
    /// Walks the chain in insertion order from the pruned anchor (or genesis) and reports the first
    /// record that was altered, removed or reordered, or OK with the number of records checked.
    public func verify() throws(DecisionLogError) -> ChainReport {
        try indexJournal()
        readLock.lock()
        defer { readLock.unlock() }
        let database = reader
        return try Self.storage { () throws(StoreError) in
            // A read transaction: the walk sees one consistent snapshot even while the writer commits.
            try database.execute("BEGIN")
            defer { try? database.execute("COMMIT") }
            var expected = try anchor("pruned", on: database)?.hash ?? Self.genesisHash
            let head = try anchor("head", on: database)
            var position = 0
            var lastSeq: Int64 = 0
            var lastID = ""
            var failure: ChainReport.Failure?
            try database.withStatement(
                "SELECT seq, decision_id, ts, path, allowed, subject, error_code, record, prev_hash, hash FROM decision_log ORDER BY seq"
            ) { row throws(StoreError) in
                while failure == nil, try row.step() {
                    position += 1
                    let id = row.text(1) ?? ""
                    let json = row.text(7) ?? ""
                    let previous = row.text(8) ?? ""
                    let hash = row.text(9) ?? ""
                    func fail(_ problem: ChainReport.Problem, _ detail: String) {
                        failure = .init(problem: problem, position: position, decisionID: id, detail: detail)
                    }
                    if previous != expected {
                        // Chained from a record stored later → reordered; from nothing left → removed.
                        fail(.removed, "its previous hash \(previous.prefix(12))… is not the hash \(expected.prefix(12))… of the record before it")
                        break
                    }
                    if Self.chainHash(previous: previous, canonicalJSON: json) != hash {
                        fail(.altered, "its content does not match its hash \(hash.prefix(12))…")
                        break
                    }
                    if let mismatch = Self.columnMismatch(row, json: json) {
                        fail(.altered, "its \(mismatch) column differs from its hashed record")
                        break
                    }
                    expected = hash
                    lastSeq = row.int(0)
                    lastID = id
                }
            }
            if var found = failure, found.problem == .removed {
                // A record that chains from the expected hash, or whose hash this one chains from,
                // still exists elsewhere: the rows were moved, not deleted.
                let previous = try database.query("SELECT prev_hash FROM decision_log WHERE decision_id = ?", [.text(found.decisionID)]) {
                    $0.text(0) ?? ""
                }.first ?? ""
                let moved = try database.query(
                    "SELECT 1 FROM decision_log WHERE prev_hash = ? OR hash = ? LIMIT 1", [.text(expected), .text(previous)]
                ) { $0.int(0) }
                if !moved.isEmpty { found.problem = .reordered }
                return ChainReport(count: position - 1, failure: found)
            }
            if let failure { return ChainReport(count: position - 1, failure: failure) }
            if let head, head.seq != lastSeq || head.hash != expected, head.seq > (try anchor("pruned", on: database)?.seq ?? 0) {
                let detail = "the newest record written had sequence \(head.seq) and hash \(head.hash.prefix(12))…"
                return ChainReport(count: position, failure: .init(problem: .truncated, position: position, decisionID: lastID, detail: detail))
            }
            return ChainReport(count: position, failure: nil)
        }
    }

    /// The name of the first filter column that disagrees with the hashed JSON, if any: the columns
    /// drive queries, so editing one would hide a record from auditors.
    private static func columnMismatch(_ row: SQLiteDatabase.Statement, json: String) -> String? {
        guard let record = try? DecisionRecord(jsonText: json) else { return "record" }
        if row.text(1) != record.decisionID { return "decision_id" }
        if row.int(2) != record.timestamp { return "ts" }
        if row.text(3) != record.path { return "path" }
        let allowed: Bool? = row.isNull(4) ? nil : row.int(4) == 1
        if allowed != record.allowed { return "allowed" }
        if row.text(5) != record.subject { return "subject" }
        if row.text(6) != record.errorCode { return "error_code" }
        return nil
    }
}
