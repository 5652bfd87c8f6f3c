import DataStore
@testable import DecisionLog
import Testing

/// Records are stored a chunk of up to 64 consecutive records per row.
@Suite struct ChunkTests {
    @Test func recordsAreStoredUpTo64ToARowAlignedOnRunsOf64() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...150).map { sampleRecord($0) })
        #expect(try store.storedChunks() == [1...64, 65...128, 129...150])
        // The next transaction takes up the rest of the run 129…192 in a row of its own.
        try store.append((151...200).map { sampleRecord($0) })
        #expect(try store.storedChunks() == [1...64, 65...128, 129...150, 151...192, 193...200])
        #expect(try store.count() == 200)
        #expect(try store.storedRecords().map(\.decisionID) == (1...200).map { "d-\($0)" })
        #expect(try store.verify() == ChainReport(count: 200, failure: nil))
        store.close()
    }

    @Test func subjectEntriesListTheChunksHoldingEachSubject() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append([sampleRecord(1, subject: nil), sampleRecord(2, subject: "alice"), sampleRecord(3, subject: nil)])
        try store.append((4...70).map { sampleRecord($0, subject: $0 % 2 == 0 ? "bob" : "carol") })
        // One hash per distinct subject and row, in the order the subjects first come: records
        // without a subject take none, and a row of only such records has no entry.
        #expect(try store.subjectEntries(naming: ["alice", "bob", "carol"]) == ["alice 1", "bob 4", "carol 4", "carol 65", "bob 65"])
        #expect(try store.list(DecisionFilter(subject: "alice")).records.map(\.decisionID) == ["d-2"])
        #expect(try store.list(DecisionFilter(subject: "bob", limit: 2)).records.map(\.decisionID) == ["d-70", "d-68"])
        #expect(try store.list(DecisionFilter(allowed: true, subject: "carol", limit: 1000)).records.count == 33)
        #expect(try store.list(DecisionFilter(subject: "dave")).records.isEmpty)
        // Paging by cursor through one subject's records.
        let first = try store.list(DecisionFilter(subject: "carol", limit: 20))
        let second = try store.list(DecisionFilter(subject: "carol", limit: 20), after: try #require(first.nextCursor))
        #expect((first.records + second.records).map(\.decisionID) == stride(from: 69, through: 5, by: -2).map { "d-\($0)" })
        #expect(second.nextCursor == nil)
        store.close()
    }

    @Test func aChunkWhoseHashesMatchButNotItsSubjectsGivesNoRecord() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...5).map { sampleRecord($0, subject: "alice") })
        // Dave's hash added to the row, as a subject sharing it would have: the chunk is read, and
        // its records compared by subject.
        let dave = withUnsafeBytes(of: DecisionStore.subjectHash("dave").littleEndian) { Array($0) }
        let hex = dave.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
        try store.database.execute("UPDATE decision_log_chunk_subjects SET hashes = hashes || x'\(hex)' WHERE first_seq = 1")
        #expect(try store.subjectEntries(naming: ["alice", "dave"]) == ["alice 1", "dave 1"])
        #expect(try store.list(DecisionFilter(subject: "dave")).records.isEmpty)
        #expect(try store.list(DecisionFilter(subject: "alice")).records.count == 5)
        store.close()
    }

    @Test func subjectEntriesOfAnEarlierVersionAreMovedIntoOneRowPerChunk() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...70).map { sampleRecord($0, subject: $0 % 3 == 0 ? nil : $0 % 3 == 1 ? "bob" : "carol") })
        // The table of (subject, chunk) pairs an earlier version kept, in place of the rows.
        try store.database.execute(
            """
            DROP TABLE decision_log_chunk_subjects;
            CREATE TABLE decision_log_chunk_subject (subject TEXT NOT NULL, first_seq INTEGER NOT NULL, PRIMARY KEY (subject, first_seq)) WITHOUT ROWID;
            INSERT INTO decision_log_chunk_subject VALUES ('bob', 1), ('carol', 1), ('bob', 65), ('carol', 65);
            """)
        store.close()
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.reader.query("SELECT name FROM sqlite_master WHERE name = 'decision_log_chunk_subject'") { $0.text(0) ?? "" }.isEmpty)
        #expect(try reopened.subjectEntries(naming: ["bob", "carol"]) == ["bob 1", "carol 1", "bob 65", "carol 65"])
        #expect(try reopened.list(DecisionFilter(subject: "carol", limit: 1000)).records.count == 23)
        #expect(try reopened.list(DecisionFilter(subject: "bob", limit: 2)).records.map(\.decisionID) == ["d-70", "d-67"])
        #expect(try reopened.verify() == ChainReport(count: 70, failure: nil))
        reopened.close()
    }

    @Test func pruningInsideARowKeepsTheRestOfItAsARow() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...3).map { sampleRecord($0, subject: "alice") })
        try store.append((4...7).map { sampleRecord($0, subject: $0 < 6 ? "bob" : "carol") })
        try store.append((8...10).map { sampleRecord($0, subject: "alice") })
        // Records before d-6 go: d-6 and d-7 stay in a row of their own, with only carol's entry.
        #expect(try store.prune(before: referenceTime + 6_000_000_000) == 5)
        #expect(try store.storedChunks() == [6...7, 8...10])
        #expect(try store.subjectEntries(naming: ["alice", "bob", "carol"]) == ["carol 6", "alice 8"])
        #expect(try store.list(DecisionFilter(subject: "bob")).records.isEmpty)
        #expect(try store.list(DecisionFilter(subject: "carol")).records.map(\.decisionID) == ["d-7", "d-6"])
        #expect(try store.verify() == ChainReport(count: 5, failure: nil))
        store.close()
    }

    /// Three rows: d-1…d-3, d-4…d-7, d-8…d-10.
    func threeRows(_ db: TemporaryDatabase) throws -> DecisionStore {
        let store = try DecisionStore(path: db.path)
        try store.append((1...3).map { sampleRecord($0) })
        try store.append((4...7).map { sampleRecord($0) })
        try store.append((8...10).map { sampleRecord($0) })
        return store
    }

    @Test func swappedRowsAreReordered() throws {
        let db = try TemporaryDatabase()
        let store = try threeRows(db)
        try store.database.execute(
            """
            UPDATE decision_log_chunk SET first_seq = -1 WHERE first_seq = 4;
            UPDATE decision_log_chunk SET first_seq = 4 WHERE first_seq = 8;
            UPDATE decision_log_chunk SET first_seq = 8 WHERE first_seq = -1;
            """)
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .reordered)
        #expect(failure.decisionID == "d-8")
        #expect(failure.position == 4)
        store.close()
    }

    @Test func aRecordRenumberedOutOfItsRowIsAltered() throws {
        let db = try TemporaryDatabase()
        let store = try threeRows(db)
        // The chain still links, but paging and the summaries go by the numbers.
        try store.tamper { records in records[5].seq = 40 }
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .altered)
        #expect(failure.decisionID == "d-6")
        #expect(failure.detail.contains("record number 40"))
        store.close()
    }

    @Test func aDamagedRowIsNamedByVerifyAndQueries() throws {
        let db = try TemporaryDatabase()
        let store = try threeRows(db)
        try store.database.execute("UPDATE decision_log_chunk SET frames = substr(frames, 1, length(frames) - 10) WHERE first_seq = 4")
        try expectDamagedChunk(in: store, from: 4, detail: "damaged at byte")
        // Rows it is not in are read as ever.
        #expect(try store.list(DecisionFilter(limit: 2)).records.map(\.decisionID) == ["d-10", "d-9"])
        store.close()
    }

    /// Writes `records` into `path` as versions that stored a row per record did: the row table with
    /// unique ids and its per-record indexes, block summaries without id bounds, and the anchors.
    func writeRowTable(_ path: String, _ records: [ChainedRecord]) throws {
        let old = try SQLiteDatabase(path: path)
        defer { old.close() }
        try old.execute(
            """
            CREATE TABLE decision_log (seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL UNIQUE, ts INTEGER NOT NULL,
                path TEXT NOT NULL, allowed INTEGER, subject TEXT, error_code TEXT, record TEXT NOT NULL,
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX decision_log_ts ON decision_log (ts);
            CREATE INDEX decision_log_subject ON decision_log (subject, seq);
            CREATE TABLE decision_log_anchor (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
            CREATE TABLE decision_log_block (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, min_ts INTEGER NOT NULL, max_ts INTEGER NOT NULL);
            CREATE TABLE decision_log_block_path (path TEXT NOT NULL, first_seq INTEGER NOT NULL, PRIMARY KEY (path, first_seq)) WITHOUT ROWID;
            """)
        for link in records {
            try old.run("INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                .int(link.seq), .text(link.decisionID), .int(link.timestamp), .text(link.path),
                link.allowed.map { .int($0 ? 1 : 0) } ?? .null, link.subject.map { .text($0) } ?? .null,
                link.errorCode.map { .text($0) } ?? .null, .text(link.json), .text(link.previousHash), .text(link.hash),
            ])
        }
        if let last = records.last { try old.run("INSERT INTO decision_log_anchor VALUES ('head', ?, ?)", [.int(last.seq), .text(last.hash)]) }
    }

    func chained(_ count: Int) -> [ChainedRecord] {
        var previous = DecisionStore.genesisHash
        return (1...count).map { i in
            let record = sampleRecord(i, subject: i % 3 == 0 ? nil : "user-\(i % 2)", allowed: i % 5 == 0 ? nil : i % 2 == 0)
            let link = ChainedRecord(seq: Int64(i), record: record, json: record.canonicalJSON, previousHash: previous)
            previous = link.hash
            return link
        }
    }

    @Test func aLogStoredARowPerRecordIsMovedIntoChunksKeepingItsChain() throws {
        let db = try TemporaryDatabase()
        let records = chained(130)
        try writeRowTable(db.path, records)
        let store = try DecisionStore(path: db.path)
        #expect(try store.reader.query("SELECT name FROM sqlite_master WHERE tbl_name = 'decision_log'") { $0.text(0) ?? "" }.isEmpty)
        #expect(try store.storedChunks() == [1...64, 65...128, 129...130])
        // Every record byte for byte: numbers, fields, JSON and hashes.
        #expect(try store.storedRecords() == records)
        let blocks = try store.reader.query("SELECT first_seq, last_seq, min_id, max_id FROM decision_log_block") {
            "\($0.int(0)) \($0.int(1)) \($0.text(2) ?? "") \($0.text(3) ?? "")"
        }
        #expect(blocks == ["1 130 d-1 d-99"])
        #expect(try store.get(id: "d-77")?.decisionID == "d-77")
        #expect(try store.list(DecisionFilter(since: referenceTime + 128_000_000_000)).records.map(\.decisionID) == ["d-130", "d-129", "d-128"])
        #expect(try store.list(DecisionFilter(path: "httpapi/*", limit: 1000)).records.count == 130)
        #expect(try store.list(DecisionFilter(subject: "user-1", limit: 1000)).records.count == records.filter { $0.subject == "user-1" }.count)
        #expect(try store.verify() == ChainReport(count: 130, failure: nil))
        try store.append([sampleRecord(131)])
        #expect(try store.verify() == ChainReport(count: 131, failure: nil))
        store.close()
        // Opening it again changes nothing.
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.count() == 131)
        reopened.close()
    }

    @Test func aRowEditedBeforeTheMoveIsStillNamed() throws {
        let db = try TemporaryDatabase()
        var records = chained(10)
        records[6].subject = "mallory"
        try writeRowTable(db.path, records)
        let store = try DecisionStore(path: db.path)
        let failure = try #require(try store.verify().failure)
        #expect(failure.problem == .altered)
        #expect(failure.decisionID == "d-7")
        store.close()
    }
}

/// Expects `verify` to report the stored chunk starting at record `first` as altered, with `detail`
/// in its reason, and queries to fail on it.
func expectDamagedChunk(in store: DecisionStore, from first: Int, detail: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    let failure = try #require(try store.verify().failure, sourceLocation: sourceLocation)
    #expect(failure.problem == .altered, sourceLocation: sourceLocation)
    #expect(failure.position == first, sourceLocation: sourceLocation)
    #expect(failure.decisionID == "(records from \(first))", sourceLocation: sourceLocation)
    #expect(failure.detail.contains(detail), sourceLocation: sourceLocation)
    #expect(throws: DecisionLogError.self, sourceLocation: sourceLocation) { try store.list(DecisionFilter()) }
}
