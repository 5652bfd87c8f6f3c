import DataStore
@testable import DecisionLog
import Testing

/// Chunks are stored compressed; chunks an earlier version stored as plain frames read as before.
@Suite struct ChunkCompressionTests {
    /// The stored bytes of each chunk, in order.
    func storedBlobs(_ store: DecisionStore) throws -> [[UInt8]] {
        try store.database.query("SELECT frames FROM decision_log_chunk ORDER BY first_seq") { row in row.withBytes(0) { Array($0) } }
    }

    @Test func chunksAreStoredCompressedAndReadBackWhole() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...150).map { sampleRecord($0, subject: "alice") })
        let blobs = try storedBlobs(store)
        #expect(blobs.count == 3)
        var plain: [UInt8] = []
        for record in try store.storedRecords() where record.seq <= 64 { JournalFrame.append(record, to: &plain) }
        for blob in blobs {
            #expect(blob.withUnsafeBytes { ChunkCompression.isCompressed($0) })
        }
        // The first chunk holds 64 records' frames, in far fewer bytes.
        #expect(blobs[0].count * 3 < plain.count)
        let frames = blobs[0].withUnsafeBytes { stored in ChunkCompression.withFrames(stored) { Array($0) } }
        #expect(try frames.get() == plain)
        #expect(try store.storedRecords().map(\.decisionID) == (1...150).map { "d-\($0)" })
        #expect(try store.list(DecisionFilter(subject: "alice", limit: 3)).records.map(\.decisionID) == ["d-150", "d-149", "d-148"])
        #expect(try store.verify() == ChainReport(count: 150, failure: nil))
        store.close()
    }

    @Test func plainChunksOfEarlierVersionsReadAsBefore() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...70).map { sampleRecord($0) })
        // Written again as plain frames, as a version without compression stored them.
        try store.tamper { _ in }
        #expect(try storedBlobs(store).allSatisfy { blob in blob.withUnsafeBytes { !ChunkCompression.isCompressed($0) } })
        #expect(try store.list(DecisionFilter(limit: 2)).records.map(\.decisionID) == ["d-70", "d-69"])
        #expect(try store.verify() == ChainReport(count: 70, failure: nil))
        // Appending after them chains on and stores compressed chunks again.
        try store.append((71...80).map { sampleRecord($0) })
        let blobs = try storedBlobs(store)
        #expect(blobs.last.map { blob in blob.withUnsafeBytes { ChunkCompression.isCompressed($0) } } == true)
        #expect(try store.verify() == ChainReport(count: 80, failure: nil))
        store.close()
    }

    @Test func aCompressedChunkThatDoesNotDecompressIsNamed() throws {
        let db = try TemporaryDatabase()
        let store = try DecisionStore(path: db.path)
        try store.append((1...3).map { sampleRecord($0) })
        try store.append((4...7).map { sampleRecord($0) })
        // The magic number kept, the rest of the chunk's header overwritten.
        try store.database.execute("UPDATE decision_log_chunk SET frames = substr(frames, 1, 4) || zeroblob(8) || substr(frames, 13) WHERE first_seq = 4")
        try expectDamagedChunk(in: store, from: 4, detail: "compressed chunk")
        store.close()
    }

    @Test func rejectsImplausibleSizesWithoutAllocating() {
        // A Zstandard frame header that declares no content size.
        var header: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x00]
        header += [UInt8](repeating: 0, count: 8)
        let read = header.withUnsafeBytes { ChunkCompression.withFrames($0) { $0.count } }
        guard case .failure(let damage) = read else {
            Issue.record("a header without a size was read as \(read)")
            return
        }
        #expect(damage.offset == 0)
        #expect(damage.reason.contains("compressed chunk"))
    }
}
