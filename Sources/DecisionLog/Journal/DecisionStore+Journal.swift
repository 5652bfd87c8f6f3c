import DataStore
import Foundation
import Synchronization

/// How far this process has indexed the journal, and whether it writes it.
struct JournalIndex {
    /// Bytes of complete frames indexed, per segment file name.
    var offsets: [String: Int] = [:]
    /// Whether a `DecisionLog` in this process writes the journal (and so may delete indexed segments).
    var owned = false
}

/// Records this process indexed, and in how many transactions: counters of their own, so that
/// `/metrics` never waits for an indexing pass (which holds the journal's lock throughout).
struct IndexingTotals: ~Copyable, Sendable {
    let records = Atomic(0)
    let transactions = Atomic(0)
}

extension DecisionStore {
    /// Segment files are named by the sequence number of their first record, zero-padded so that
    /// name order is chain order.
    static let segmentExtension = ".log"
    /// An indexed segment kept to be the next one (`DecisionJournal.rotate`): its pages are in the
    /// page cache and its blocks allocated, so appends to it neither fault pages in nor reserve space.
    static let spareSegmentName = "spare-segment.tmp"
    /// Added to a sealed segment's name when bytes after its frames could not be read as records.
    static let unreadExtension = ".unread"
    /// The most bytes read from a segment at a time (a larger frame is read whole): about 1,600
    /// `rbac` records, more than one client's decisions between two passes. A transaction holds
    /// records of one read, so reads this large let it take up to `recordsPerTransaction`: every
    /// commit rewrites the pages it ends in (the last chunk's, the anchor's, the block summary's),
    /// and fewer commits leave the event loops' caches alone more. (With 32 KB reads, and a smaller
    /// page cache that alone made no difference, one client's p99 was twice as high; with 1 MB
    /// against 256 KB it was lower in 7 of 12 pairs. The log's thread offers its core within a
    /// transaction, so the size of a read no longer delays that.)
    static let indexChunkBytes = 1 << 20
    /// The most records indexed in one transaction, unless the caller asks for fewer.
    static let recordsPerTransaction = 1024

    /// Records this process indexed from the journal, and the transactions that took.
    public var indexingTotals: (records: Int, transactions: Int) {
        (totals.records.load(ordering: .relaxed), totals.transactions.load(ordering: .relaxed))
    }

    /// Whether a `DecisionLog` in this process appends to the journal.
    var journalOwned: Bool { journal.withLock { $0.owned } }

    /// Marks this process as the journal's writer (with no segment to append to yet).
    func ownJournal() {
        activeSegment.store(0, ordering: .releasing)
        journal.withLock { $0.owned = true }
    }

    /// Gives up the journal's ownership (the log closed).
    func releaseJournal() {
        activeSegment.store(0, ordering: .releasing)
        journal.withLock { $0.owned = false }
    }

    /// The file name of the segment whose first record is number `first`.
    static func segmentName(first: Int64) -> String {
        let digits = String(first)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + segmentExtension
    }

    /// Makes the segment whose first record is number `first` the one appended to. Every other
    /// segment is sealed: nothing more is written to it. Only an atomic, so that a request thread
    /// starting a segment never waits for an indexing pass.
    func activate(segmentStartingAt first: Int64) {
        activeSegmentWritten.store(0, ordering: .releasing)
        activeSegment.store(Int(first), ordering: .releasing)
    }

    /// Records that the active segment's frames now end at byte `bytes`.
    func activeSegmentWritten(through bytes: Int) {
        activeSegmentWritten.store(bytes, ordering: .releasing)
    }

    /// Where the frames of segment `name` end, as far as a pass reads them: for the segment this
    /// process appends to, the bytes written so far (not the space reserved after them); for any
    /// other, its size.
    private func framesEnd(of name: String, size: Int, owned: Bool) -> Int {
        guard owned, isActive(name) else { return size }
        // Read after the active segment: a segment started since reads as 0 here, and the pass
        // reads nothing more of this one now; it is sealed by the next pass.
        return min(size, activeSegmentWritten.load(ordering: .acquiring))
    }

    /// Whether segment `name` is sealed: in a process that does not write the journal, none is.
    private func isSealed(_ name: String, owned: Bool) -> Bool {
        owned && !isActive(name)
    }

    /// Whether segment `name` is the one this process appends to.
    private func isActive(_ name: String) -> Bool {
        name == Self.segmentName(first: Int64(activeSegment.load(ordering: .acquiring)))
    }

    /// The path of the file `name` in the journal's folder.
    func journalFile(_ name: String) -> String {
        (journalDirectory as NSString).appendingPathComponent(name)
    }

    /// The journal's segment file names, in chain order.
    func journalSegments() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: journalDirectory)) ?? []
        return names.filter { $0.hasSuffix(Self.segmentExtension) }.sorted()
    }

    /// Bytes of the journal's frames that this process has not indexed yet.
    func journalBytesBehind() -> Int {
        let (offsets, owned) = journal.withLock { ($0.offsets, $0.owned) }
        return journalSegments().reduce(0) { $0 + bytesBehind(in: $1, offsets: offsets, owned: owned) }
    }

    /// Bytes of segment `name`'s frames beyond `offsets[name]`.
    private func bytesBehind(in name: String, offsets: [String: Int], owned: Bool) -> Int {
        var status = stat()
        guard stat(journalFile(name), &status) == 0 else { return 0 }
        return max(0, framesEnd(of: name, size: Int(status.st_size), owned: owned) - (offsets[name] ?? 0))
    }

    /// Copies what the journal holds beyond what is indexed into the tables, a bounded number of
    /// records per transaction, and returns how many records and transactions that took. Records already indexed
    /// (at or below the head anchor) are skipped, so indexing again, from any process, changes nothing.
    ///
    /// In the process that writes the journal, a sealed segment (any but the one being appended to)
    /// is deleted once indexed, or kept as the spare (`spareSegmentName`); a frame cut short at its
    /// end was never acknowledged to a caller. In any other process (the CLI, tests) segments are
    /// only read, and an unfinished frame at the end of one is left for the next call.
    ///
    /// Each transaction holds at most `recordsPerTransaction` records.
    @discardableResult
    public func indexJournal() throws(DecisionLogError) -> (records: Int, transactions: Int) {
        try indexJournal(transactionRecords: Self.recordsPerTransaction, between: { _ in }, goOn: { true })
    }

    /// `indexJournal()`, with transactions of at most `transactionRecords` records, `between` told
    /// after each how many bytes are left to index, and `goOn` asked after each record is inserted
    /// whether the transaction takes another (false commits it there).
    @discardableResult
    func indexJournal(transactionRecords: Int, between: (_ bytesBehind: Int) -> Void,
                      goOn: () -> Bool) throws(DecisionLogError) -> (records: Int, transactions: Int) {
        let segments = journalSegments()
        if segments.isEmpty { return (0, 0) }
        return try journal.withLock { index throws(DecisionLogError) -> (records: Int, transactions: Int) in
            var totals = (records: 0, transactions: 0)
            // What the segments after each one hold, for `between` (as they were when the pass began).
            var after = Array(repeating: 0, count: segments.count)
            for i in segments.indices.dropLast().reversed() {
                after[i] = after[i + 1] + bytesBehind(in: segments[i + 1], offsets: index.offsets, owned: index.owned)
            }
            for (number, name) in segments.enumerated() {
                let file = journalFile(name)
                let descriptor = open(file, O_RDONLY | O_CLOEXEC)
                if descriptor < 0 {
                    // Another process that owns the journal deleted it after indexing it.
                    if errno == ENOENT { index.offsets[name] = nil; continue }
                    throw .storage(message: "cannot read the decision journal \(file): \(String(cString: strerror(errno)))")
                }
                defer { Foundation.close(descriptor) }
                var offset = index.offsets[name] ?? 0
                // Sealed before its size is taken: every frame it will ever hold is within the size.
                let sealed = isSealed(name, owned: index.owned)
                let size = Self.fileSize(descriptor)
                let end = sealed ? size : framesEnd(of: name, size: size, owned: index.owned)
                var want = Self.indexChunkBytes
                while offset < end {
                    let bytes = try Self.read(descriptor, file: file, at: offset, count: min(want, end - offset))
                    let parsed = try Self.parse(bytes, base: offset, segment: file)
                    var first = 0
                    while first < parsed.frames.count {
                        let frames = parsed.frames[first..<min(parsed.frames.count, first + max(1, transactionRecords))]
                        let (taken, inserted) = try writeTransaction { () throws(StoreError) in
                            try bytes.withUnsafeBytes { buffer in
                                Result { () throws(StoreError) in try insert(frames, in: buffer, goOn: goOn) }
                            }.get()
                        }
                        totals.records += inserted
                        totals.transactions += 1
                        self.totals.records.add(inserted, ordering: .relaxed)
                        self.totals.transactions.add(1, ordering: .relaxed)
                        first += taken
                        // A frame ends with its JSON.
                        let last = frames[frames.startIndex + taken - 1]
                        between(end - offset - (last.range(.json)?.upperBound ?? parsed.consumed) + after[number])
                    }
                    offset += parsed.consumed
                    // Reserved space, not written yet: the frames end here for now.
                    if parsed.unwritten { break }
                    guard parsed.incompleteTail else { continue }
                    // The file ends inside a frame: cut short by a crash, or being written now.
                    let tail = bytes.count - parsed.consumed
                    if offset + tail >= end { break }
                    // The chunk ended inside a frame: read on from its start, all of it if it is
                    // larger than a chunk (a chunk holds at least the 4 length bytes then).
                    want = Self.indexChunkBytes
                    if parsed.consumed == 0 {
                        want = 4 + bytes[0..<4].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                    }
                }
                index.offsets[name] = offset
                if sealed {
                    // Bytes after the frames of a sealed segment are a batch a kill cut short (its
                    // length never stored), or damage: either way not records to drop unseen. The
                    // file is kept beside the journal, out of its way, for inspection.
                    if offset < size, try Self.holdsBytes(descriptor, file: file, from: offset, to: size) {
                        rename(file, file + Self.unreadExtension)
                    } else {
                        keepAsSpare(file)
                    }
                    index.offsets[name] = nil
                }
            }
            return totals
        }
    }

    /// Keeps the indexed segment `file` as the journal's spare (`spareSegmentName`), replacing an
    /// older one, for the next segment to reuse (`DecisionJournal.rotate`); deletes it when that fails.
    private func keepAsSpare(_ file: String) {
        if rename(file, journalFile(Self.spareSegmentName)) != 0 { unlink(file) }
    }

    /// Runs `body` in a transaction on the writer connection, one at a time.
    func writeTransaction<T>(_ body: () throws(StoreError) -> T) throws(DecisionLogError) -> T {
        writeLock.lock()
        defer { writeLock.unlock() }
        return try Self.storage { () throws(StoreError) in try database.transaction(body) }
    }

    private static func parse(_ bytes: [UInt8], base: Int, segment: String) throws(DecisionLogError) -> JournalFrame.Parsed {
        let parsed = bytes.withUnsafeBytes { buffer in
            Result { () throws(JournalFrame.Damage) in try JournalFrame.parse(buffer, base: base) }
        }
        switch parsed {
        case .success(let parsed): return parsed
        case .failure(let damage):
            throw .storage(message: "the decision journal \(segment) is damaged at byte \(damage.offset): \(damage.reason); move the file aside to start the server, and keep it for investigation")
        }
    }

    /// Whether anything but zeros lies between `start` and `end` of the file.
    private static func holdsBytes(_ descriptor: Int32, file: String, from start: Int, to end: Int) throws(DecisionLogError) -> Bool {
        var offset = start
        while offset < end {
            let bytes = try read(descriptor, file: file, at: offset, count: min(indexChunkBytes, end - offset))
            if bytes.isEmpty { return false }
            if bytes.contains(where: { $0 != 0 }) { return true }
            offset += bytes.count
        }
        return false
    }

    private static func fileSize(_ descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    private static func read(_ descriptor: Int32, file: String, at offset: Int, count: Int) throws(DecisionLogError) -> [UInt8] {
        var failure: Int32 = 0
        // Filled by `pread`: no zeroing first.
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            filled = 0
            while filled < count {
                let got = pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset + filled))
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                filled += got
            }
        }
        if failure != 0 {
            throw .storage(message: "cannot read the decision journal \(file): \(String(cString: strerror(failure)))")
        }
        return bytes
    }
}
