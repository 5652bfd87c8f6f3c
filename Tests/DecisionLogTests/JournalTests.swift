import DataStore
@testable import DecisionLog
import Foundation
import RegoValue
import Testing

@Suite struct JournalTests {
    /// Journals records d-`range` and lets go of the journal as a killed process would.
    func crashAfterJournaling(_ db: TemporaryDatabase, _ range: ClosedRange<Int>) throws {
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        for i in range { try journal.append([sampleRecord(i)]) }
        journal.abandon()
        store.close()
    }

    /// Writes `bytes` where the frames of segment `file` end (before the space reserved after them,
    /// which a killed process leaves as zeros).
    func append(_ bytes: [UInt8], to file: String) throws {
        let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let end = try contents.withUnsafeBytes { try JournalFrame.parse($0, base: 0).consumed }
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seek(toOffset: UInt64(end))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    @Test func framesRoundTripAndAnUnfinishedFrameIsNotRead() throws {
        let first = ChainedRecord(seq: 1, record: sampleRecord(1), json: sampleRecord(1).canonicalJSON, previousHash: DecisionStore.genesisHash)
        var second = ChainedRecord(seq: 2, record: sampleRecord(2, subject: nil, allowed: nil), json: sampleRecord(2).canonicalJSON, previousHash: first.hash)
        second.errorCode = "eval_conflict_error"
        var bytes: [UInt8] = []
        JournalFrame.append(first, to: &bytes)
        let firstLength = bytes.count
        JournalFrame.append(second, to: &bytes)
        let (whole, wholeRecords) = try bytes.withUnsafeBytes { buffer in
            let parsed = try JournalFrame.parse(buffer, base: 0)
            return (parsed, parsed.frames.map { $0.record(in: buffer) })
        }
        #expect(wholeRecords == [first, second])
        #expect(whole.consumed == bytes.count)
        #expect(!whole.incompleteTail)
        // Cut inside the second frame: the first is read, the rest waits.
        let cut = Array(bytes[0..<(bytes.count - 7)])
        let (partial, partialRecords) = try cut.withUnsafeBytes { buffer in
            let parsed = try JournalFrame.parse(buffer, base: 0)
            return (parsed, parsed.frames.map { $0.record(in: buffer) })
        }
        #expect(partialRecords == [first])
        #expect(partial.consumed == firstLength)
        #expect(partial.incompleteTail)
    }

    /// The request path's frame, built before the lock and placed under it, is byte for byte the
    /// frame written field by field, with each kind of `allowed`, an error code and an absent subject.
    @Test func aDraftedFrameIsTheFrameWrittenFieldByField() throws {
        var failed = sampleRecord(3, subject: nil, allowed: nil)
        failed.errorCode = "eval_conflict_error"
        let records = [sampleRecord(1), sampleRecord(2, subject: "bob", allowed: false), failed]
        var previous = DecisionStore.genesisHash
        for (index, record) in records.enumerated() {
            let seq = Int64(40 + index)
            var expected: [UInt8] = []
            let chained = ChainedRecord(seq: seq, record: record, json: record.canonicalJSON, previousHash: previous)
            JournalFrame.append(chained, to: &expected)
            let draft = JournalFrame.Draft(record)
            #expect(draft.size == expected.count)
            var placed = [UInt8](repeating: 0xEE, count: draft.size)
            let hash = placed.withUnsafeMutableBytes { frame in
                Array(previous.utf8).withUnsafeBytes { link in
                    let hash = draft.place(seq: seq, link: link, at: frame.baseAddress!)
                    JournalFrame.storeLength(frame.count - 4, at: frame.baseAddress!)
                    return String(decoding: hash, as: UTF8.self)
                }
            }
            #expect(placed == expected)
            #expect(hash == chained.hash)
            let read = try placed.withUnsafeBytes { buffer in try JournalFrame.parse(buffer, base: 0).frames.map { $0.record(in: buffer) } }
            #expect(read == [chained])
            previous = chained.hash
        }
    }

    @Test func aDamagedFrameIsAnErrorNamingItsByte() throws {
        var bytes: [UInt8] = []
        let record = ChainedRecord(seq: 1, record: sampleRecord(1), json: "{}", previousHash: DecisionStore.genesisHash)
        JournalFrame.append(record, to: &bytes)
        JournalFrame.append(record, to: &bytes)
        let second = bytes.count / 2
        bytes[second + 4] = 9   // the second frame's version byte
        let damage = #expect(throws: JournalFrame.Damage.self) {
            try bytes.withUnsafeBytes { try JournalFrame.parse($0, base: 0) }
        }
        #expect(damage?.offset == second)
        #expect(damage?.reason == "unknown frame version 9")
    }

    @Test func recordsJournaledBeforeACrashAreIndexedOnRestartAndTheChainGoesOn() async throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...30)
        #expect(db.segments.count == 1)
        // The CLI reads the journal without taking it over.
        let reader = try DecisionStore(path: db.path)
        #expect(try reader.count() == 30)
        #expect(db.segments.count == 1)
        reader.close()
        // A restarted log indexes what is left, removes the segment and chains on.
        let log = try DecisionLog(path: db.path)
        try log.record(sampleRecord(31))
        #expect(try log.store.verify() == ChainReport(count: 31, failure: nil))
        #expect(db.segments.count == 1)
        await log.close()
        #expect(db.segments.isEmpty)
    }

    @Test func aChainEndEditedToAHashOfAnotherLengthStillOpensAndIsNamedByVerify() async throws {
        let db = try TemporaryDatabase()
        let first = try DecisionLog(path: db.path)
        for i in 1...3 { try first.record(sampleRecord(i)) }
        await first.close()
        // An edit by hand: the newest record's hash and the head anchor become text of the wrong length.
        let editor = try DecisionStore(path: db.path)
        try editor.tamper { records in records[2].hash = "abc" }
        try editor.database.execute("UPDATE decision_log_anchor SET hash = 'abc' WHERE name = 'head'")
        editor.close()
        let log = try DecisionLog(path: db.path)
        try log.record(sampleRecord(4))
        let failure = try #require(try log.store.verify().failure)
        #expect(failure.decisionID == "d-3")
        #expect(failure.problem == .altered)
        #expect(try log.store.count() == 4)
        await log.close()
    }

    @Test func journalsOneRecordOrABatchIntoTheSameChain() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        try journal.append(sampleRecord(1))
        try journal.append([sampleRecord(2), sampleRecord(3, subject: nil, allowed: nil), sampleRecord(4)])
        try journal.append(sampleRecord(5))
        try journal.append([sampleRecord(6)])
        try journal.close()
        #expect(try store.count() == 6)
        #expect(try store.verify() == ChainReport(count: 6, failure: nil))
        #expect(try store.get(id: "d-3") == sampleRecord(3, subject: nil, allowed: nil))
        store.close()
    }

    @Test func passesReadTheActiveSegmentOnlyAsFarAsItsFrames() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        for i in 1...3 { try log.record(sampleRecord(i)) }
        let segment = try #require(db.segments.first)
        let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment)))
        let frames = try contents.withUnsafeBytes { try JournalFrame.parse($0, base: 0) }
        // The file holds reserved space past the frames; the pass is told where the frames end.
        #expect(contents.count > frames.consumed)
        #expect(log.store.activeSegmentWritten.load(ordering: .acquiring) == frames.consumed)
        #expect(try log.store.count() == 3)
        try log.record(sampleRecord(4))
        #expect(try log.store.count() == 4)
        #expect(try log.store.verify() == ChainReport(count: 4, failure: nil))
        await log.close()
    }

    @Test func appendsReserveTheSegmentsSpaceAStepAtATime() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        try log.record(sampleRecord(1))
        let segment = try #require(db.segments.first)
        func size() throws -> Int { try attribute(.size, of: segment) }
        // The first append reserved one step, not the whole segment.
        #expect(try size() == DecisionJournal.reserveStep)
        #if os(Linux)
        // And faulted in only its first part, in the journal's mapping of the segment: the
        // decision whose append does that waits for it.
        #expect(try residentBytes(ofMappingOf: segment) == DecisionJournal.populateStep)
        #endif
        // Each append fits in the step reserved until the frames would pass its end; that append
        // reserves the next step.
        var recorded = 1
        while log.store.activeSegmentWritten.load(ordering: .acquiring) <= DecisionJournal.reserveStep {
            #expect(try size() == DecisionJournal.reserveStep)
            recorded += 1
            try log.record(sampleRecord(recorded))
        }
        #expect(try size() == 2 * DecisionJournal.reserveStep)
        #expect(try log.store.count() == recorded)
        #expect(try log.store.verify() == ChainReport(count: recorded, failure: nil))
        await log.close()
    }

    /// The attribute `key` of `file` (its size, its inode number).
    private func attribute(_ key: FileAttributeKey, of file: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: file)[key] as? Int)
    }

    /// The bytes resident in this process's mapping of `file` (`Rss` in `/proc/self/smaps`): pages
    /// faulted into it, not the file's pages in the page cache, which reading it also brings in.
    private func residentBytes(ofMappingOf file: String) throws -> Int {
        // Read to its end: the file reports no size.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: try #require(try handle.readToEnd()), as: UTF8.self)
        let lines = smaps.split(separator: "\n")
        let header = try #require(lines.firstIndex { $0.hasSuffix(" " + file) })
        let rss = try #require(lines[(header + 1)...].first { $0.hasPrefix("Rss:") })
        let kilobytes = try #require(Int(rss.dropFirst("Rss:".count).dropLast("kB".count).trimmingCharacters(in: .whitespaces)))
        return kilobytes * 1024
    }

    @Test func aDamagedJournalFrameIsNamedWithItsFileAndByte() throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...2)
        let segment = try #require(db.segments.first)
        let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment)))
        let end = try contents.withUnsafeBytes { try JournalFrame.parse($0, base: 0).consumed }
        var frame: [UInt8] = []
        JournalFrame.append(ChainedRecord(seq: 3, record: sampleRecord(3), json: "{}", previousHash: "x"), to: &frame)
        frame[4] = 9   // its version byte
        try append(frame, to: segment)
        let reader = try DecisionStore(path: db.path)
        let error = #expect(throws: DecisionLogError.self) { try reader.indexJournal() }
        #expect(error?.code == "storage_error")
        #expect(error?.message.contains("\(segment) is damaged at byte \(end): unknown frame version 9") == true)
        reader.close()
    }

    @Test func aKilledProcessLeavesReservedSpaceThatReadsAsTheEnd() throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...5)
        let segment = try #require(db.segments.first)
        let contents = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment)))
        let parsed = try contents.withUnsafeBytes { try JournalFrame.parse($0, base: 0) }
        #expect(parsed.frames.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(parsed.unwritten)
        #expect(contents.count > parsed.consumed)
        #expect(contents[parsed.consumed...].allSatisfy { $0 == 0 })
        let reader = try DecisionStore(path: db.path)
        #expect(try reader.count() == 5)
        reader.close()
    }

    @Test func aFrameCutShortByACrashIsDroppedAndTheRestIsKept() async throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...5)
        // The kill came in the middle of copying record 6: part of its frame is on disk, but not
        // its length, which is stored last.
        var frame: [UInt8] = []
        JournalFrame.append(ChainedRecord(seq: 6, record: sampleRecord(6), json: sampleRecord(6).canonicalJSON, previousHash: "x"), to: &frame)
        let segment = try #require(db.segments.first)
        try append([0, 0, 0, 0] + Array(frame[4..<(frame.count / 2)]), to: segment)
        let before = try Data(contentsOf: URL(fileURLWithPath: segment))
        let log = try DecisionLog(path: db.path)
        #expect(try log.store.count() == 5)
        #expect(try log.store.get(id: "d-6") == nil)
        // The cut batch is not dropped unseen: its segment is kept aside, byte for byte.
        #expect(try Data(contentsOf: URL(fileURLWithPath: segment + DecisionStore.unreadExtension)) == before)
        #expect(!db.segments.contains(segment))
        try log.record(sampleRecord(7))
        #expect(try log.store.verify() == ChainReport(count: 6, failure: nil))
        await log.close()
    }

    @Test func framesAfterAZeroLengthAreKeptAsideNotDropped() async throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...3)
        // Damage: four zero bytes, then a whole frame, where the frames of the segment end.
        var frame: [UInt8] = []
        JournalFrame.append(ChainedRecord(seq: 4, record: sampleRecord(4), json: sampleRecord(4).canonicalJSON, previousHash: "x"), to: &frame)
        let segment = try #require(db.segments.first)
        try append([0, 0, 0, 0] + frame, to: segment)
        let log = try DecisionLog(path: db.path)
        #expect(try log.store.count() == 3)
        let kept = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment + DecisionStore.unreadExtension)))
        #expect(kept.firstRange(of: frame) != nil)
        await log.close()
        // A segment whose frames end in zeros only (a killed process's reserved space) goes.
        try crashAfterJournaling(db, 5...6)
        let reopened = try DecisionLog(path: db.path)
        #expect(db.segments.count == 1)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: db.journal)) ?? []).filter { $0.hasSuffix(DecisionStore.unreadExtension) }.count == 1)
        await reopened.close()
    }

    @Test func aDamagedJournalStopsTheLogFromOpeningAndIsKept() throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...3)
        let segment = try #require(db.segments.first)
        try append([60, 0, 0, 0] + [UInt8](repeating: 0xEE, count: 60), to: segment)
        #expect(throws: DecisionLogError.self) { try DecisionLog(path: db.path) }
        #expect(db.segments == [segment])
        // Moved aside, the log opens again (the damaged segment's records are in that file).
        try FileManager.default.moveItem(atPath: segment, toPath: db.folder + "/kept.log")
        let store = try DecisionStore(path: db.path)
        try DecisionJournal(store: store).close()
        #expect(try store.count() == 0)
        store.close()
    }

    @Test func aSecondWriterIsRefused() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        let error = #expect(throws: DecisionLogError.self) { try DecisionLog(path: db.path) }
        #expect(error?.code == "storage_error")
        #expect(error?.message.contains("being written by another process") == true)
        await log.close()
        // Once the first has closed, a new log opens.
        let next = try DecisionLog(path: db.path)
        await next.close()
    }

    @Test func directAppendIsRefusedWhileTheLogIsOpen() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        #expect(throws: DecisionLogError.self) { try log.store.append([sampleRecord(1)]) }
        await log.close()
    }

    @Test func aSealedSegmentIsDeletedOnceIndexed() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        for i in 1...10 { try journal.append([sampleRecord(i)]) }
        let first = db.segments
        #expect(try journal.rotate(ifLargerThan: 1_000_000) == false)
        #expect(try journal.rotate(ifLargerThan: 1))
        for i in 11...12 { try journal.append([sampleRecord(i)]) }
        #expect(db.segments.count == 2)
        try store.indexJournal()
        #expect(db.segments.count == 1)
        #expect(db.segments != first)
        #expect(try store.verify() == ChainReport(count: 12, failure: nil))
        try journal.close()
        store.close()
    }

    @Test func aRotationNamesTheNewSegmentForItsFirstRecordAndCutsTheOldOneToItsFrames() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        for i in 1...5 { try journal.append([sampleRecord(i)]) }
        #expect(try journal.rotate(ifLargerThan: 1))
        try journal.append([sampleRecord(6)])
        let names = db.segments.map { ($0 as NSString).lastPathComponent }
        #expect(names == [DecisionStore.segmentName(first: 1), DecisionStore.segmentName(first: 6)])
        // The segment is made under another name first; none is left behind.
        let folder = try FileManager.default.contentsOfDirectory(atPath: db.journal)
        #expect(!folder.contains(DecisionJournal.nextSegmentName))
        // The old segment holds its frames and nothing after them (no reserved space).
        let sealed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: db.segments[0])))
        let parsed = try sealed.withUnsafeBytes { try JournalFrame.parse($0, base: 0) }
        #expect(parsed.frames.count == 5)
        #expect(parsed.consumed == sealed.count)
        #expect(try store.verify() == ChainReport(count: 6, failure: nil))
        try journal.close()
        store.close()
    }

    @Test func anIndexedSegmentIsKeptAsTheSpareAndTheNextRotationReusesItZeroed() async throws {
        let db = try TemporaryDatabase()
        let spare = (db.journal as NSString).appendingPathComponent(DecisionStore.spareSegmentName)
        func inode(_ file: String) throws -> Int { try attribute(.systemFileNumber, of: file) }
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        for i in 1...10 { try journal.append([sampleRecord(i)]) }
        #expect(try journal.rotate(ifLargerThan: 1))
        for i in 11...12 { try journal.append([sampleRecord(i)]) }
        let first = try #require(db.segments.first)
        let firstInode = try inode(first)
        let firstSize = try attribute(.size, of: first)
        try store.indexJournal()
        // Indexed and sealed: out of the journal, kept under the spare's name.
        #expect(db.segments.count == 1)
        #expect(try inode(spare) == firstInode)

        #expect(try journal.rotate(ifLargerThan: 1))
        #expect(!FileManager.default.fileExists(atPath: spare))
        let reused = try #require(db.segments.last)
        #expect((reused as NSString).lastPathComponent == DecisionStore.segmentName(first: 13))
        #expect(try inode(reused) == firstInode)
        // Zeroed through the mapping it had as a segment, which sealing kept.
        #expect(journal.spareMappingsReused == 1)
        // Its old frames are zeros now, and its first step reserved: nothing in it reads as a record.
        let zeroed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: reused)))
        #expect(zeroed.count == max(firstSize, DecisionJournal.reserveStep))
        #expect(zeroed.allSatisfy { $0 == 0 })

        // Appended to, then let go of as a killed process would: every record is found on opening.
        for i in 13...15 { try journal.append([sampleRecord(i)]) }
        journal.abandon()
        store.close()
        let log = try DecisionLog(path: db.path)
        #expect(try log.store.verify() == ChainReport(count: 15, failure: nil))
        #expect(try log.store.list(DecisionFilter(id: "d-15")).records.map(\.decisionID) == ["d-15"])
        let folder = try FileManager.default.contentsOfDirectory(atPath: db.journal)
        #expect(!folder.contains { $0.hasSuffix(DecisionStore.unreadExtension) })
        await log.close()
        // Closing leaves no spare behind.
        #expect(!FileManager.default.fileExists(atPath: spare))
    }

    @Test func rotationsKeepOnlyTheNewestMappingsAndEverySpareReadsAsEmpty() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        var next = 1
        for round in 1...3 {
            // Three segments sealed before indexing: more than the journal keeps mappings of, so
            // the oldest is let go.
            for _ in 1...3 {
                for _ in 1...4 { try journal.append([sampleRecord(next)]); next += 1 }
                #expect(try journal.rotate(ifLargerThan: 1))
                // The new segment (the spare, reused, at a round's first rotation after the first
                // round) holds no frame yet.
                let active = try #require(db.segments.last)
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: active)))
                #expect(bytes.allSatisfy { $0 == 0 })
            }
            // The last segment indexed is the spare, and its mapping is one of the kept ones.
            try store.indexJournal()
            #expect(journal.spareMappingsReused == round - 1)
        }
        for _ in 1...2 { try journal.append([sampleRecord(next)]); next += 1 }
        try journal.close()
        #expect(try store.verify() == ChainReport(count: next - 1, failure: nil))
        let ids = try store.list(DecisionFilter(limit: 100)).records.map(\.decisionID)
        #expect(Set(ids) == Set((1..<next).map { "d-\($0)" }))
        store.close()
    }

    @Test func aSegmentLeftHalfMadeByAKilledRotationIsRemovedOnOpening() async throws {
        let db = try TemporaryDatabase()
        try crashAfterJournaling(db, 1...3)
        let leftover = (db.journal as NSString).appendingPathComponent(DecisionJournal.nextSegmentName)
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data(count: 4096)))
        let log = try DecisionLog(path: db.path)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        try log.record(sampleRecord(4))
        #expect(try log.store.verify() == ChainReport(count: 4, failure: nil))
        await log.close()
    }

    @Test func indexingTakesTransactionsOfTheAskedSizeAndTellsHowFarBehindItIs() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        // Two segments: 1…7 sealed, 8…10 active.
        for i in 1...7 { try journal.append([sampleRecord(i)]) }
        #expect(try journal.rotate(ifLargerThan: 1))
        for i in 8...10 { try journal.append([sampleRecord(i)]) }
        let behindAtStart = store.journalBytesBehind()
        #expect(behindAtStart > 0)
        var reports: [Int] = []
        let totals = try store.indexJournal(transactionRecords: 3, between: { reports.append($0) }, goOn: { true })
        // 7 records in transactions of 3, 3, 1, then 3 in one.
        #expect(totals.records == 10)
        #expect(totals.transactions == 4)
        #expect(reports.count == 4)
        #expect(reports.first! < behindAtStart)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0 > $1 })
        // Nothing is left: the space reserved past the active segment's frames is not counted.
        #expect(reports.last == 0)
        #expect(store.journalBytesBehind() == 0)
        #expect(try store.verify() == ChainReport(count: 10, failure: nil))
        try journal.close()
        store.close()
    }

    @Test func aTransactionEndsWhereItsCallerSaysAndTheNextTakesUpFromThere() async throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        for i in 1...7 { try journal.append([sampleRecord(i)]) }
        #expect(try journal.rotate(ifLargerThan: 1))
        var reports: [Int] = []
        var inTransaction = 0
        // Each transaction ends after its second record: 2, 2, 2, 1.
        let totals = try store.indexJournal(transactionRecords: 100, between: { reports.append($0); inTransaction = 0 }, goOn: {
            inTransaction += 1
            return inTransaction < 2
        })
        #expect(totals.records == 7)
        #expect(totals.transactions == 4)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0 > $1 })
        #expect(reports.last == 0)
        #expect(try store.verify() == ChainReport(count: 7, failure: nil))
        #expect(try store.list(DecisionFilter(limit: 10)).records.map(\.decisionID) == (1...7).reversed().map { sampleRecord($0).decisionID })
        try journal.close()
        store.close()
    }

    @Test func aRecordLargerThanASegmentGetsOneOfItsOwn() async throws {
        let db = try TemporaryDatabase()
        // The journal on its own: no log's thread to start segments meanwhile.
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        try journal.append([sampleRecord(1)])
        var large = sampleRecord(2)
        large.input = ["blob": .string(String(repeating: "x", count: DecisionJournal.mappedBytes + 1000))]
        try journal.append([large])
        try journal.append([sampleRecord(3)])
        // 1, then 2 alone, then 3.
        #expect(db.segments.count == 3)
        #expect(try store.verify() == ChainReport(count: 3, failure: nil))
        #expect(try store.get(id: "d-2")?.input == large.input)
        #expect(try store.get(id: "d-3")?.decisionID == "d-3")
        try journal.close()
        #expect(db.segments.isEmpty)
        store.close()
    }

    @Test func aFirstRecordLargerThanASegmentEnlargesTheEmptyOne() async throws {
        let db = try TemporaryDatabase()
        // The journal on its own: no log's thread to start segments meanwhile.
        let store = try DecisionStore(path: db.path)
        let journal = try DecisionJournal(store: store)
        var large = sampleRecord(1)
        large.input = ["blob": .string(String(repeating: "y", count: DecisionJournal.mappedBytes + 1000))]
        try journal.append([large])
        #expect(db.segments.count == 1)
        // The enlarged segment is full: the next record starts another.
        try journal.append([sampleRecord(2)])
        #expect(db.segments.count == 2)
        #expect(try store.verify() == ChainReport(count: 2, failure: nil))
        #expect(try store.get(id: "d-1")?.input == large.input)
        try journal.close()
        store.close()
    }

    @Test func prunedRecordsAreNotIndexedAgain() async throws {
        let db = try TemporaryDatabase()
        let log = try DecisionLog(path: db.path)
        for i in 1...10 { try log.record(sampleRecord(i)) }
        // Pruning indexes the journal first, then removes d-1 … d-4.
        #expect(try log.store.prune(before: referenceTime + 5_000_000_000) == 4)
        try log.store.indexJournal()
        #expect(try log.store.count() == 6)
        await log.close()
        let reopened = try DecisionStore(path: db.path)
        #expect(try reopened.count() == 6)
        #expect(try reopened.verify() == ChainReport(count: 6, failure: nil))
        reopened.close()
    }
}
