import DataStore
import Foundation
import RegoValue
import Synchronization

/// The decision log's append-only journal: a folder of segment files beside the SQLite file, each
/// holding hash-chained records in `JournalFrame`s.
///
/// A segment is mapped into memory and a record is copied into the mapping: no system call on the
/// request path (a `write` per record took about 3% of the server's CPU). A record is durable once
/// `append` returns: it is in the kernel's page cache, which outlives a crash or kill of the process
/// just as SQLite's WAL does with `synchronous=NORMAL` (only losing power may lose the newest
/// writes). The space is reserved in the file (`posix_fallocate`) before it is written, so a full
/// disk is an error that says so, never a fault; the bytes past the last frame are zeros, which
/// readers take as the end (`JournalFrame.parse`), and a segment is cut to its frames when sealed.
/// Each batch's first length is stored last, after a release fence, so a kill in the middle of a
/// copy leaves the batch unreadable rather than half read.
///
/// The log's thread indexes the journal into the tables in bulk (`DecisionStore.indexJournal`).
///
/// One process writes a journal at a time: the folder's `writer.lock` is held with `flock` for
/// as long as the journal is open.
final class DecisionJournal: Sendable {
    private struct Tail {
        var segment: Segment
        var nextSeq: Int64
        /// The last record's hash.
        var previousHash: HashDigits
        /// Records appended since the journal opened.
        var appended = 0
        var closed = false
        /// Mappings (and segment files) no longer appended to, which the log's thread unmaps and
        /// seals outside the lock (`sealRetired`).
        var retired: [Retired] = []
    }

    /// A mapping no longer appended to, with its segment's file when that is done with too (a
    /// mapping replaced by a larger one of the same file has none).
    private struct Retired: @unchecked Sendable {
        var mapping: UnsafeMutableRawPointer
        var capacity: Int
        var file: (descriptor: Int32, bytes: Int)?

        init(_ segment: Segment, keepingFile: Bool = false) {
            mapping = segment.mapping
            capacity = segment.capacity
            file = keepingFile ? nil : (segment.descriptor, segment.bytes)
        }
    }

    /// The segment being appended to, mapped. Its mapping is written only under the tail's lock, at
    /// its end, and read by the log's thread only up to the frames published (`activeSegmentWritten`).
    private struct Segment: @unchecked Sendable {
        var descriptor: Int32
        var name: String
        var mapping: UnsafeMutableRawPointer
        /// The mapping's size: the most the segment holds.
        var capacity: Int
        /// Bytes reserved in the file (its size).
        var reserved = 0
        /// Bytes of the mapping faulted in (`populate`).
        var populated = 0
        /// Bytes of frames written.
        var bytes = 0
    }

    /// The space reserved in a segment's file at a time (`posix_fallocate`), by the append that
    /// needs it: about 390 `rbac` decisions. Reserving 64 KB took about 0.1 ms here (the median
    /// under `perf trace`, in a file that is mapped and being written), so smaller steps add stalls
    /// more than they shorten them.
    static let reserveStep = 256 << 10
    /// The part of the mapping an append faults in at a time (`MADV_POPULATE_WRITE`), ahead of the
    /// copies: about 95 `rbac` decisions. Faulting in costs about 13 µs a page here, and the decision
    /// whose append does it waits for all of it. With a reserve step's 256 KB faulted in together,
    /// one decision in about 390 waited about 0.45 ms, which `wrk` (correcting for the requests a
    /// stalled connection did not send) made one client's p99: about 1.4× the bare route's in the
    /// run that compared them against about 1.1× with 64 KB. Decisions timed one by one
    /// (`bench/stalls.sh`) kept their p99 (221–242 µs against 178–266) and lowered their p99.9 (628–693
    /// against 811–956). Reserving 64 KB at a time as well did as well for `wrk` but doubled the stalls
    /// (p99 of decisions timed one by one 424–446 µs). Faulting pages in one at a time as the copies
    /// reach them (no populating) stalled as often.
    static let populateStep = 64 << 10
    /// The file a segment is made in before it is named for its first record (`rotate`).
    static let nextSegmentName = "next-segment.tmp"
    /// The most a segment holds (unless one batch is larger). The log's thread starts a new one at
    /// `DecisionLog.segmentBytes`, so a request thread starts one only when it fills before that.
    static let mappedBytes = 4 * DecisionLog.segmentBytes

    /// The mapping of a sealed segment, kept with its file's identity in case the file comes back
    /// as the spare (`reuseSpare`).
    private struct KeptMapping: @unchecked Sendable {
        var mapping: UnsafeMutableRawPointer
        var device: UInt64
        var inode: UInt64
    }

    /// How many sealed segments' mappings are kept: the segment being indexed and the one before,
    /// which is the spare by the next rotation.
    static let keptMappings = 2

    let store: DecisionStore
    private let lockDescriptor: Int32
    private let tail: AdaptiveLock<Tail>
    /// Mappings of sealed segments, oldest first, so that a segment that comes back as the spare is
    /// zeroed through the mapping it had: its pages are mapped already and writing them faults
    /// nothing in. Mapped afresh, each of its pages faulted in again (about 1,100 faults per segment,
    /// 0.6 µs per `rbac` record on the log's thread). Taken by the log's thread and on close.
    private let kept = Mutex<[KeptMapping]>([])
    /// Spares zeroed through a kept mapping rather than mapped afresh (for tests).
    private let keptMappingReuses = Atomic(0)

    /// Takes the journal of `store` for writing: locks it against other processes, indexes and
    /// removes the segments an earlier run left, and starts a segment after the chain's end.
    init(store: DecisionStore) throws(DecisionLogError) {
        self.store = store
        let directory = store.journalDirectory
        if mkdir(directory, 0o750) != 0 && errno != EEXIST {
            throw .storage(message: "cannot create the decision journal folder \(directory): \(String(cString: strerror(errno)))")
        }
        let lockPath = store.journalFile("writer.lock")
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
            store.ownJournal()
            try store.indexJournal()
            // A segment made by a rotation a kill interrupted: it holds no frames.
            unlink(store.journalFile(Self.nextSegmentName))
            let end = try store.writeTransaction { () throws(StoreError) in try store.chainEnd() }
            let segment = try Self.startSegment(after: end.seq, holding: 0, in: store)
            tail = AdaptiveLock(Tail(segment: segment, nextSeq: end.seq + 1, previousHash: HashDigits(chainEnd: end.hash)))
        } catch {
            store.releaseJournal()
            Foundation.close(lockDescriptor)
            throw error
        }
    }

    /// Creates and maps the segment whose first record will be number `seq + 1`, large enough for
    /// `bytes` bytes of frames, and makes it the active one. No lock is taken: a request thread
    /// that starts a segment never waits for an indexing pass.
    private static func startSegment(after seq: Int64, holding bytes: Int, in store: DecisionStore) throws(DecisionLogError) -> Segment {
        let segment = try openSegment(DecisionStore.segmentName(first: seq + 1), capacity: max(mappedBytes, bytes), in: store)
        store.activate(segmentStartingAt: seq + 1)
        return segment
    }

    /// Creates the file `name` in the journal's folder and maps `capacity` bytes of it.
    private static func openSegment(_ name: String, capacity: Int, in store: DecisionStore) throws(DecisionLogError) -> Segment {
        let file = store.journalFile(name)
        // Never an existing file: one could hold frames not yet indexed.
        let descriptor = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw .storage(message: "cannot create the decision journal segment \(file): \(String(cString: strerror(errno)))")
        }
        guard let mapping = map(descriptor, capacity) else {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            unlink(file)
            throw .storage(message: "cannot map the decision journal segment \(file): \(reason)")
        }
        return Segment(descriptor: descriptor, name: name, mapping: mapping, capacity: capacity)
    }

    private static func map(_ descriptor: Int32, _ capacity: Int) -> UnsafeMutableRawPointer? {
        guard let mapping = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0), mapping != MAP_FAILED else { return nil }
        return mapping
    }

    /// Makes room for `bytes` bytes of frames: an empty segment is mapped larger (the next one would
    /// have its name), a segment with frames is retired (the log's thread seals it) and followed by
    /// a new one.
    private func makeRoom(for bytes: Int, in tail: inout Tail) throws(DecisionLogError) {
        guard tail.segment.bytes + bytes > tail.segment.capacity else { return }
        if tail.segment.bytes == 0 {
            guard let larger = Self.map(tail.segment.descriptor, bytes) else {
                throw .storage(message: "cannot map \(bytes) bytes of the decision journal segment \(store.journalDirectory)/\(tail.segment.name): \(String(cString: strerror(errno))); the decision was not recorded")
            }
            tail.retired.append(Retired(tail.segment, keepingFile: true))
            tail.segment.mapping = larger
            tail.segment.capacity = bytes
            tail.segment.populated = 0
            return
        }
        try startNextSegment(holding: bytes, in: &tail)
    }

    /// Appends to a new segment from now on; the log's thread seals the one before.
    private func startNextSegment(holding bytes: Int, in tail: inout Tail) throws(DecisionLogError) {
        let next = try Self.startSegment(after: tail.nextSeq - 1, holding: bytes, in: store)
        tail.retired.append(Retired(tail.segment))
        tail.segment = next
    }

    /// Chains `record` after the journal's last record and writes its frame into the segment: the
    /// request path's append, with no array around the record and no copy of it.
    func append(_ record: borrowing DecisionRecord) throws(DecisionLogError) {
        // Nothing but the sequence number and the hashes depends on the chain: the frame is built
        // before the lock is taken.
        let draft = JournalFrame.Draft(record)
        let size = draft.size
        try appendFrames(bytes: size, count: 1, firstFrame: size) { segment, start, seq, link in
            draft.place(seq: seq, link: link, at: segment.mapping + start)
        }
    }

    /// Chains `records` after the journal's last record and writes their frames into the segment.
    /// When there is no room for them (the disk is full), nothing of `records` is kept.
    func append(_ records: [DecisionRecord]) throws(DecisionLogError) {
        guard !records.isEmpty else { return }
        let json = records.map { $0.canonicalJSONBytes }
        var bytes = 0
        for index in records.indices { bytes += JournalFrame.size(of: records[index], json: json[index].count) }
        let firstFrame = JournalFrame.size(of: records[0], json: json[0].count)
        try appendFrames(bytes: bytes, count: records.count, firstFrame: firstFrame) { segment, start, seq, chainStart in
            var offset = start
            var link = chainStart
            for index in records.indices {
                link = json[index].withUnsafeBytes { json in
                    Self.writeFrame(records[index], json: json, seq: seq + Int64(index), link: link, into: segment, at: offset,
                                    storingLength: index > 0)
                }
                offset += JournalFrame.size(of: records[index], json: json[index].count)
            }
            return link
        }
    }

    /// Appends `count` frames, `bytes` bytes in all (`firstFrame` of them the first's), under the
    /// tail's lock. It makes room and reserves the space; `write` puts the frames at the segment's
    /// end (given the segment, where they start, the first one's number and the chain's last hash)
    /// and returns the last frame's hash as the segment holds it. The first frame's length is
    /// stored last, after a release fence: until it is, a reader finds zeros there and takes them
    /// for the end, so a kill in the middle of a copy leaves the batch unreadable rather than half
    /// read. When there is no room (the disk is full), nothing is written.
    private func appendFrames(bytes: Int, count: Int, firstFrame: Int,
                              write: (Segment, Int, Int64, UnsafeRawBufferPointer) -> UnsafeRawBufferPointer) throws(DecisionLogError) {
        try tail.withLock { tail throws(DecisionLogError) in
            guard !tail.closed else { throw .closed }
            try makeRoom(for: bytes, in: &tail)
            try Self.reserve(bytes, in: &tail.segment, of: store)
            Self.populate(through: tail.segment.bytes + bytes, in: &tail.segment)
            let segment = tail.segment
            let (start, seq, link) = (segment.bytes, tail.nextSeq, tail.previousHash)
            let last = withUnsafeBytes(of: link) { HashDigits(write(segment, start, seq, $0)) }
            atomicMemoryFence(ordering: .releasing)
            JournalFrame.storeLength(firstFrame - 4, at: segment.mapping + start)
            tail.previousHash = last
            tail.segment.bytes += bytes
            store.activeSegmentWritten(through: tail.segment.bytes)
            tail.nextSeq += Int64(count)
            tail.appended += count
        }
    }

    /// Writes the frame of `record` as number `seq`, chained after the hash `link`, at `offset` in
    /// the segment (its length left unstored unless `storingLength`), hashing straight into the
    /// frame, and returns the hash where the frame holds it.
    private static func writeFrame(_ record: borrowing DecisionRecord, json: UnsafeRawBufferPointer, seq: Int64, link: UnsafeRawBufferPointer,
                                   into segment: Segment, at offset: Int, storingLength: Bool) -> UnsafeRawBufferPointer {
        let size = JournalFrame.size(of: record, json: json.count)
        // The hash goes where the frame holds it: after its other strings, before the JSON.
        let hashAt = segment.mapping + offset + size - json.count - 4 - SHA256.hexLength
        SHA256.Hasher.hexDigest(link, json, into: hashAt)
        let hash = UnsafeRawBufferPointer(start: hashAt, count: SHA256.hexLength)
        _ = JournalFrame.write(seq: seq, record: record, json: json, previousHash: link, hash: hash, to: segment.mapping, at: offset,
                               storingLength: storingLength)
        return hash
    }

    /// Records appended since the journal opened.
    var appendedCount: Int { tail.withLock { $0.appended } }

    /// Makes room in the file for `count` more bytes of frames.
    private static func reserve(_ count: Int, in segment: inout Segment, of store: DecisionStore) throws(DecisionLogError) {
        let needed = segment.bytes + count
        guard needed > segment.reserved else { return }
        let reserved = min(segment.capacity, max(needed, segment.reserved + reserveStep))
        let result = allocate(segment, to: reserved)
        guard result == 0 else {
            throw .storage(message: "cannot reserve space in the decision journal \(store.journalDirectory)/\(segment.name): \(String(cString: strerror(result))); the decision was not recorded (free space on that disk)")
        }
        segment.reserved = reserved
    }

    /// Allocates the segment's file from its reserved end to `end`; returns 0 or the error number.
    private static func allocate(_ segment: Segment, to end: Int) -> Int32 {
        guard end > segment.reserved else { return 0 }
        return posix_fallocate(segment.descriptor, off_t(segment.reserved), off_t(end - segment.reserved))
    }

    /// Faults in the mapping through `end` at least, `populateStep` at a time, within the space
    /// reserved (where `MADV_POPULATE_WRITE`, Linux 5.14, is unknown the copies fault pages in).
    private static func populate(through end: Int, in segment: inout Segment) {
        guard end > segment.populated else { return }
        let upTo = min(segment.reserved, max(end, segment.populated + populateStep))
        let start = segment.populated & ~(Int(getpagesize()) - 1)
        if upTo > start { _ = madvise(segment.mapping + start, upTo - start, 23) }
        segment.populated = upTo
    }

    /// Unmaps what is retired and cuts each retired segment's file to its frames.
    private func sealRetired() {
        let retired = tail.withLock { tail -> [Retired] in
            defer { tail.retired.removeAll() }
            return tail.retired
        }
        retired.forEach(seal)
    }

    /// Cuts a retired segment's file, if it is done with, to its frames and closes it; its mapping
    /// is kept (`kept`) when it is a whole segment's, and unmapped otherwise.
    private func seal(_ retired: Retired) {
        guard let file = retired.file else {
            munmap(retired.mapping, retired.capacity)
            return
        }
        _ = ftruncate(file.descriptor, off_t(file.bytes))
        var status = stat()
        if retired.capacity == Self.mappedBytes && fstat(file.descriptor, &status) == 0 {
            let evicted = kept.withLock { kept -> [KeptMapping] in
                kept.append(KeptMapping(mapping: retired.mapping, device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
                let surplus = max(0, kept.count - Self.keptMappings)
                defer { kept.removeFirst(surplus) }
                return Array(kept.prefix(surplus))
            }
            for old in evicted { munmap(old.mapping, Self.mappedBytes) }
        } else {
            munmap(retired.mapping, retired.capacity)
        }
        Foundation.close(file.descriptor)
    }

    /// The kept mapping of the file with `status`'s identity, no longer kept; nil when there is none.
    private func takeKeptMapping(of status: stat) -> UnsafeMutableRawPointer? {
        let mapping = kept.withLock { kept -> UnsafeMutableRawPointer? in
            guard let index = kept.firstIndex(where: { $0.device == UInt64(status.st_dev) && $0.inode == UInt64(status.st_ino) }) else { return nil }
            return kept.remove(at: index).mapping
        }
        if mapping != nil { keptMappingReuses.add(1, ordering: .relaxed) }
        return mapping
    }

    /// How many spares were zeroed through the mapping their segment had.
    var spareMappingsReused: Int { keptMappingReuses.load(ordering: .relaxed) }

    /// Unmaps every kept mapping (on close).
    private func unmapKept() {
        for old in kept.withLock({ kept in defer { kept.removeAll() }; return kept }) { munmap(old.mapping, Self.mappedBytes) }
    }

    /// Starts a new segment when the active one holds at least `limit` bytes, so that the indexed
    /// one can be deleted; true when it did. The new segment is made, and an append's step of it
    /// reserved, before the tail's lock is taken: appends wait only while it is named for its first
    /// record and put in place. The segments before are sealed after.
    @discardableResult
    func rotate(ifLargerThan limit: Int) throws(DecisionLogError) -> Bool {
        guard tail.withLock({ !$0.closed && $0.segment.bytes >= limit }) else {
            // Segments an append retired (it filled one) are sealed at the next pass.
            sealRetired()
            return false
        }
        let made = store.journalFile(Self.nextSegmentName)
        unlink(made)
        var next: Segment
        if let spare = reuseSpare(as: made) {
            next = spare
        } else {
            next = try Self.openSegment(Self.nextSegmentName, capacity: Self.mappedBytes, in: store)
        }
        // Without the space reserved here, appends reserve it as they go.
        let firstStep = max(next.reserved, Self.reserveStep)
        if Self.allocate(next, to: firstStep) == 0 {
            next.reserved = firstStep
            Self.populate(through: Self.populateStep, in: &next)
        }
        let started = Result { () throws(DecisionLogError) -> Bool in
            try tail.withLock { tail throws(DecisionLogError) -> Bool in
                // An append may have started a segment meanwhile.
                guard !tail.closed, tail.segment.bytes >= limit else { return false }
                let name = DecisionStore.segmentName(first: tail.nextSeq)
                let file = store.journalFile(name)
                // A link, not a rename: it never replaces a file of that name.
                guard link(made, file) == 0 else {
                    throw .storage(message: "cannot create the decision journal segment \(file): \(String(cString: strerror(errno)))")
                }
                next.name = name
                store.activate(segmentStartingAt: tail.nextSeq)
                tail.retired.append(Retired(tail.segment))
                tail.segment = next
                return true
            }
        }
        unlink(made)
        if (try? started.get()) != true { seal(Retired(next)) }
        sealRetired()
        return try started.get()
    }

    /// Takes the spare segment (`DecisionStore.spareSegmentName`), renamed to `file`, zeroed through
    /// the mapping it had as a segment when that is kept (`kept`) and mapped afresh otherwise; nil
    /// when there is none, or it cannot be used (it is deleted then).
    ///
    /// Its pages are in the page cache and its blocks allocated as far as its frames went, so for
    /// that far appends fault nothing in and reserve nothing: a new segment's pages cost about 13 µs
    /// each to fault in here, one decision in about 95 waiting for 16 of them, and deleting the
    /// segment discarded its blocks. The zeros are written from the log's thread, in user space,
    /// offering the core between pieces: the bytes past the last frame read as the end, as in a new
    /// segment. (On the disk, until the zeros are written back, the old frames are there: after a
    /// power loss, though never after a kill, a segment may read as damaged where its new frames end.)
    private func reuseSpare(as file: String) -> Segment? {
        let spare = store.journalFile(DecisionStore.spareSegmentName)
        guard rename(spare, file) == 0 else { return nil }
        let descriptor = open(file, O_RDWR | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, Int(status.st_size) <= Self.mappedBytes,
              let mapping = takeKeptMapping(of: status) ?? Self.map(descriptor, Self.mappedBytes) else {
            if descriptor >= 0 { Foundation.close(descriptor) }
            unlink(file)
            return nil
        }
        let size = Int(status.st_size)
        var turns = CoreTurns(interval: DecisionLog.turnInterval)
        var zeroed = 0
        while zeroed < size {
            let piece = min(Self.populateStep, size - zeroed)
            memset(mapping + zeroed, 0, piece)
            zeroed += piece
            turns.pass()
        }
        return Segment(descriptor: descriptor, name: Self.nextSegmentName, mapping: mapping, capacity: Self.mappedBytes, reserved: size, populated: size)
    }

    /// Stops appending, indexes what the journal holds, removes its segments, and releases the lock.
    func close() throws(DecisionLogError) {
        guard stopAppending() else { return }
        defer { release() }
        store.ownJournal()
        try store.indexJournal()
        unlink(store.journalFile(DecisionStore.spareSegmentName))
    }

    /// Lets go of the journal as a killed process would: nothing indexed, the segments left as they
    /// are (the active one with its reserved space), the lock released (for crash-recovery tests).
    func abandon() {
        let mappings = tail.withLock { tail -> [Retired]? in
            defer {
                tail.closed = true
                tail.retired.removeAll()
            }
            return tail.closed ? nil : tail.retired + [Retired(tail.segment)]
        }
        guard let mappings else { return }
        for mapping in mappings {
            munmap(mapping.mapping, mapping.capacity)
            if let file = mapping.file { Foundation.close(file.descriptor) }
        }
        unmapKept()
        release()
    }

    /// Seals the active segment and the retired ones; false when the journal was already closed.
    private func stopAppending() -> Bool {
        let first = tail.withLock { tail -> Bool in
            defer {
                tail.closed = true
                tail.retired.removeAll()
            }
            if !tail.closed { (tail.retired + [Retired(tail.segment)]).forEach(seal) }
            return !tail.closed
        }
        unmapKept()
        return first
    }

    private func release() {
        store.releaseJournal()
        Foundation.close(lockDescriptor)
    }
}

/// A hash's 64 hex digits, held inline: the journal's chain link, copied without an allocation.
struct HashDigits: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// The digits at `bytes` (`SHA256.hexLength` of them).
    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count == SHA256.hexLength, "a hash has \(SHA256.hexLength) hex digits, not \(bytes.count)")
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
    }

    /// The digits of the chain's last hash as the tables hold it. Text of another length (a row
    /// or anchor edited by hand) cannot be a link as it is: its own SHA-256 is, so the log still
    /// opens and appends, and `verify` names the edited record.
    init(chainEnd text: String) {
        var text = text
        self = text.withUTF8 { utf8 in
            guard utf8.count != SHA256.hexLength else { return HashDigits(UnsafeRawBufferPointer(utf8)) }
            let digest = SHA256.Hasher.hexDigest(UnsafeRawBufferPointer(start: nil, count: 0), UnsafeRawBufferPointer(utf8))
            return digest.withUnsafeBytes { HashDigits($0) }
        }
    }
}
