import RegoValue

extension JournalFrame {
    /// The frame of one record, built before the journal's lock is taken: every byte but its length,
    /// its sequence number and the two hashes, which depend on the chain (`place` writes those).
    ///
    /// Built in one buffer, the record's fields and its canonical JSON after them, the frame goes
    /// into the segment as one copy, and the journal's append under its lock reads nothing of the
    /// record: a closure that held the record would copy it (fourteen reference counts to take and
    /// drop, on strings and values other threads use too).
    struct Draft: ~Copyable {
        private var buffer: JSONWriter
        /// Where the previous hash's digits start, from the frame's start (its length).
        private let previousHashAt: Int
        /// Where the JSON starts.
        private let jsonAt: Int

        /// Where the sequence number lies.
        private static let seqAt = 5

        init(_ record: borrowing DecisionRecord) {
            let head = JournalFrame.size(of: record, json: 0)
            // 1 KB holds most frames (an `rbac` decision's takes about 650 bytes) and is the largest
            // block glibc's per-thread cache hands out without taking its arena's lock.
            buffer = JSONWriter(capacity: max(1024, head + 256))
            var fieldsEnd = 0
            buffer.append(bytes: head) { start in
                // The length (stored last, by the journal) and the sequence number are zeros for now.
                var writer = Writer(base: UnsafeMutableRawPointer(start), offset: 0)
                writer.put(UInt32(0))
                _ = writer.putHead(seq: 0, record: record)
                fieldsEnd = writer.offset
            }
            previousHashAt = fieldsEnd + 4
            jsonAt = previousHashAt + 2 * (SHA256.hexLength + 4)
            record.writeCanonicalJSON(to: &buffer)
            let hashLength = UInt32(SHA256.hexLength)
            let (previousHashAt, jsonAt) = (previousHashAt, jsonAt)
            buffer.withMutableBytes { frame in
                let jsonLength = UInt32(frame.count - jsonAt)
                frame.storeBytes(of: hashLength.littleEndian, toByteOffset: previousHashAt - 4, as: UInt32.self)
                frame.storeBytes(of: hashLength.littleEndian, toByteOffset: previousHashAt + SHA256.hexLength, as: UInt32.self)
                frame.storeBytes(of: jsonLength.littleEndian, toByteOffset: jsonAt - 4, as: UInt32.self)
            }
        }

        /// The frame's size, its length included.
        var size: Int { buffer.withBytes { $0.count } }

        /// Copies the frame to `destination` as record number `seq` chained after the hash `link`,
        /// hashing straight into it, and returns the hash where the copy holds it. The length is
        /// left for the caller to store (`storeLength`), once everything after it is written.
        func place(seq: Int64, link: UnsafeRawBufferPointer, at destination: UnsafeMutableRawPointer) -> UnsafeRawBufferPointer {
            buffer.withBytes { frame in
                destination.copyMemory(from: frame.baseAddress!, byteCount: frame.count)
                (destination + Self.seqAt).storeBytes(of: UInt64(bitPattern: seq).littleEndian, as: UInt64.self)
                (destination + previousHashAt).copyMemory(from: link.baseAddress!, byteCount: SHA256.hexLength)
                let hashAt = destination + previousHashAt + SHA256.hexLength + 4
                SHA256.Hasher.hexDigest(link, UnsafeRawBufferPointer(rebasing: frame[jsonAt...]), into: hashAt)
                return UnsafeRawBufferPointer(start: hashAt, count: SHA256.hexLength)
            }
        }
    }
}
