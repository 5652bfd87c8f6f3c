import DataStore
import Foundation
import Synchronization

/// The decision log's append-only journal: a folder of segment files beside the SQLite file, each
/// holding hash-chained records in `JournalFrame`s.
///
/// A record is durable once `append` returns: it is in the kernel's page cache, which outlives a
/// crash or kill of the process just as SQLite's WAL does with `synchronous=NORMAL` (only losing
/// power may lose the newest writes). One `write` per call and no SQLite on the request path keep
/// the cost of logging a decision to building its JSON, hashing it, and that write; the log's
/// thread indexes the journal into the tables in bulk (`DecisionStore.indexJournal`).
///
/// One process writes a journal at a time: the folder's `writer.lock` is held with `flock` for
/// as long as the journal is open.
final class DecisionJournal: Sendable {
    private struct Tail {
        var descriptor: Int32
        var segment: String
        var bytes: Int
        var nextSeq: Int64
        /// The hex bytes of the last record's hash.
        var previousHash: [UInt8]
        /// Records appended since the journal opened.
        var appended = 0
        var closed = false
    }

    let store: DecisionStore
    private let lockDescriptor: Int32
    private let tail: Mutex<Tail>

    /// Takes the journal of `store` for writing: locks it against other processes, indexes and
    /// removes the segments an earlier run left, and starts a segment after the chain's end.
    init(store: DecisionStore) throws(DecisionLogError) {
        self.store = store
        let directory = store.journalDirectory
        if mkdir(directory, 0o750) != 0 && errno != EEXIST {
            throw .storage(message: "cannot create the decision journal folder \(directory): \(String(cString: strerror(errno)))")
        }
        let lockPath = (directory as NSString).appendingPathComponent("writer.lock")
        let lockDescriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard lockDescriptor >= 0 else {
            throw .storage(message: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            Foundation.close(lockDescriptor)
            throw .storage(message: "the decision log in \(store.path) is being written by another process (\(lockPath) is locked); stop it, or give this sidecar its own state file")
        }
        self.lockDescriptor = lockDescriptor
        do {
            // Everything on disk is sealed now: index it all, then the segments go.
            store.ownJournal(activeSegment: nil)
            try store.indexJournal()
            let end = try store.writeTransaction { () throws(StoreError) in try store.chainEnd() }
            let (descriptor, segment) = try Self.startSegment(after: end.seq, in: store)
            tail = Mutex(Tail(descriptor: descriptor, segment: segment, bytes: 0, nextSeq: end.seq + 1, previousHash: Array(end.hash.utf8)))
        } catch {
            store.releaseJournal()
            Foundation.close(lockDescriptor)
            throw error
        }
    }

    /// Creates the segment whose first record will be number `seq + 1` and makes it the active one.
    /// Both happen under the store's journal lock, so no indexing pass sees the new file as sealed.
    private static func startSegment(after seq: Int64, in store: DecisionStore) throws(DecisionLogError) -> (Int32, String) {
        let digits = String(seq + 1)
        let name = String(repeating: "0", count: max(0, 20 - digits.count)) + digits + DecisionStore.segmentExtension
        let file = (store.journalDirectory as NSString).appendingPathComponent(name)
        return try store.journal.withLock { index throws(DecisionLogError) -> (Int32, String) in
            let descriptor = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard descriptor >= 0 else {
                throw .storage(message: "cannot create the decision journal segment \(file): \(String(cString: strerror(errno)))")
            }
            index.activeSegment = name
            return (descriptor, name)
        }
    }

    /// Chains `records` after the journal's last record and writes them with one `write`. When the
    /// write fails, the segment is cut back to where it was and nothing of `records` is kept.
    func append(_ records: [DecisionRecord]) throws(DecisionLogError) {
        // The JSON does not depend on the chain: build it before taking the lock.
        let json = records.map(\.canonicalJSONBytes)
        try tail.withLock { tail throws(DecisionLogError) in
            guard !tail.closed else { throw .closed }
            let framed = JournalFrame.encode(records, json: json, after: tail.nextSeq - 1, previousHash: tail.previousHash)
            try Self.write(framed.bytes, to: tail.descriptor, segment: tail.segment, restoring: tail.bytes, in: store)
            tail.nextSeq += Int64(records.count)
            tail.appended += records.count
            tail.previousHash = framed.lastHash
            tail.bytes += framed.bytes.count
        }
    }

    /// Records appended since the journal opened.
    var appendedCount: Int { tail.withLock { $0.appended } }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, segment: String, restoring size: Int, in store: DecisionStore) throws(DecisionLogError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress?.advanced(by: written), bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                // A partial frame would hide every frame after it: cut it off.
                _ = ftruncate(descriptor, off_t(size))
                throw .storage(message: "cannot write the decision journal \(store.journalDirectory)/\(segment): \(reason); the decision was not recorded")
            }
            written += result
        }
    }

    /// Starts a new segment when the active one holds at least `limit` bytes, so that the indexed
    /// one can be deleted; true when it did.
    @discardableResult
    func rotate(ifLargerThan limit: Int) throws(DecisionLogError) -> Bool {
        try tail.withLock { tail throws(DecisionLogError) -> Bool in
            guard !tail.closed, tail.bytes >= limit else { return false }
            let (descriptor, segment) = try Self.startSegment(after: tail.nextSeq - 1, in: store)
            Foundation.close(tail.descriptor)
            tail.descriptor = descriptor
            tail.segment = segment
            tail.bytes = 0
            return true
        }
    }

    /// Stops appending, indexes what the journal holds, removes its segments, and releases the lock.
    func close() throws(DecisionLogError) {
        guard stopAppending() else { return }
        defer { release() }
        store.ownJournal(activeSegment: nil)
        try store.indexJournal()
    }

    /// Lets go of the journal as a killed process would: nothing indexed, the segments left as they
    /// are, the lock released (for crash-recovery tests).
    func abandon() {
        if stopAppending() { release() }
    }

    /// Closes the active segment; false when the journal was already closed.
    private func stopAppending() -> Bool {
        tail.withLock { tail -> Bool in
            defer { tail.closed = true }
            if !tail.closed { Foundation.close(tail.descriptor) }
            return !tail.closed
        }
    }

    private func release() {
        store.releaseJournal()
        Foundation.close(lockDescriptor)
    }
}
