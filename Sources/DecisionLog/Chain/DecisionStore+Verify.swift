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
        // A read transaction: the walk sees one consistent snapshot even while the writer commits.
        try Self.storage { () throws(StoreError) in try database.execute("BEGIN") }
        defer { try? database.execute("COMMIT") }
        let (pruned, head) = try Self.storage { () throws(StoreError) in
            (try anchor("pruned", on: database), try anchor("head", on: database))
        }
        var expected = pruned?.hash ?? Self.genesisHash
        var position = 0
        var lastSeq: Int64 = 0
        var lastID = ""
        var failure: ChainReport.Failure?
        // The previous hash of a record that does not chain from the one before it.
        var brokenLink = ""
        try forEachChunk(Self.allChunks, [], on: database, damaged: { first, damage in
            failure = .init(problem: .altered, position: position + 1, decisionID: "(records from \(first))",
                            detail: "its stored chunk is damaged at byte \(damage.offset): \(damage.reason)")
            return false
        }) { chunk, frames, buffer in
            for (index, frame) in frames.enumerated() {
                position += 1
                let id = frame.text(.decisionID, in: buffer) ?? ""
                let none = UnsafeRawBufferPointer(start: nil, count: 0)
                let json = frame.bytes(.json, in: buffer) ?? none
                let previous = frame.text(.previousHash, in: buffer) ?? ""
                let hash = frame.text(.hash, in: buffer) ?? ""
                func fail(_ problem: ChainReport.Problem, _ detail: String) -> Bool {
                    failure = .init(problem: problem, position: position, decisionID: id, detail: detail)
                    return false
                }
                if previous != expected {
                    brokenLink = previous
                    // Chained from a record stored later → reordered; from nothing left → removed.
                    return fail(.removed, "its previous hash \(previous.prefix(12))… is not the hash \(expected.prefix(12))… of the record before it")
                }
                // The previous hash and the JSON hashed where the chunk holds them.
                let digest = SHA256.Hasher.hexDigest(frame.bytes(.previousHash, in: buffer) ?? none, json)
                if !digest.withUnsafeBytes({ $0.sameBytes(as: frame.bytes(.hash, in: buffer) ?? none) }) {
                    return fail(.altered, "its content does not match its hash \(hash.prefix(12))…")
                }
                if let mismatch = Self.fieldMismatch(frame, in: buffer) {
                    return fail(.altered, "its stored \(mismatch) differs from its hashed record")
                }
                // The numbers drive paging and the block summaries, so they must be what the chunk says.
                let number = index == 0 ? chunk.lowerBound : lastSeq + 1
                if frame.seq != number || (index == frames.count - 1 && frame.seq != chunk.upperBound) {
                    return fail(.altered, "its record number \(frame.seq) differs from its chunk's numbering (\(chunk.lowerBound)…\(chunk.upperBound))")
                }
                expected = hash
                lastSeq = frame.seq
                lastID = id
            }
            if frames.isEmpty {
                failure = .init(problem: .altered, position: position + 1, decisionID: "(records from \(chunk.lowerBound))", detail: "its stored chunk holds no record")
                return false
            }
            return true
        }
        if var found = failure, found.problem == .removed {
            // A record that chains from the expected hash, or whose hash this one chains from,
            // still exists elsewhere: the records were moved, not deleted.
            if try chainsElsewhere(from: expected, previous: brokenLink, on: database) { found.problem = .reordered }
            return ChainReport(count: position - 1, failure: found)
        }
        if let failure { return ChainReport(count: position - 1, failure: failure) }
        if let head, head.seq != lastSeq || head.hash != expected, head.seq > (pruned?.seq ?? 0) {
            let detail = "the newest record written had sequence \(head.seq) and hash \(head.hash.prefix(12))…"
            return ChainReport(count: position, failure: .init(problem: .truncated, position: position, decisionID: lastID, detail: detail))
        }
        return ChainReport(count: position, failure: nil)
    }

    /// Whether some stored record chains from `expected`, or is the record with hash `previous`:
    /// then a break where a record chains from `previous` instead of `expected` is a reordering,
    /// not a removal.
    private func chainsElsewhere(from expected: String, previous: String, on database: SQLiteDatabase) throws(DecisionLogError) -> Bool {
        let (wanted, previous) = (Array(expected.utf8), Array(previous.utf8))
        var found = false
        try forEachChunk(Self.allChunks, [], on: database,
                         damaged: { _, _ in true }) { _, frames, buffer in
            found = frames.contains { frame in
                frame.bytes(.previousHash, in: buffer)?.elementsEqual(wanted) == true || frame.bytes(.hash, in: buffer)?.elementsEqual(previous) == true
            }
            return !found
        }
        return found
    }

    /// The name of the first stored field that disagrees with the hashed JSON, if any: the fields
    /// drive queries, so editing one would hide a record from auditors.
    private static func fieldMismatch(_ frame: JournalFrame.View, in buffer: UnsafeRawBufferPointer) -> String? {
        guard let record = try? DecisionRecord(jsonText: frame.text(.json, in: buffer) ?? "") else { return "record" }
        if frame.text(.decisionID, in: buffer) != record.decisionID { return "decision_id" }
        if frame.timestamp != record.timestamp { return "timestamp" }
        if frame.text(.path, in: buffer) != record.path { return "path" }
        if frame.allowed != record.allowed { return "allowed" }
        if frame.text(.subject, in: buffer) != record.subject { return "subject" }
        if frame.text(.errorCode, in: buffer) != record.errorCode { return "error_code" }
        return nil
    }
}
