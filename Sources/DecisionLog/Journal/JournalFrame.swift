/// The journal's frame format: one record per frame, appended with one `write`.
///
/// A frame is its length (4 bytes, little-endian, counting what follows), a version byte, the
/// sequence number and timestamp (8 bytes each), `allowed` (0, 1, or 2 for undefined), then seven
/// strings, each a 4-byte length (`0xFFFFFFFF` for an absent one) and its UTF-8 bytes: decision id,
/// path, subject, error code, previous hash, hash, canonical JSON. A frame whose length runs past the
/// end of the file was cut short by a crash (its caller was never answered) or is still being written.
enum JournalFrame {
    static let version: UInt8 = 1
    /// The smallest possible frame body: version, seq, ts, allowed, seven string lengths.
    static let minimumBody = 1 + 8 + 8 + 1 + 7 * 4
    static let absent = UInt32.max

    /// Appends the frame of `record` to `bytes`.
    static func append(_ record: ChainedRecord, to bytes: inout [UInt8]) {
        let start = bytes.count
        put(UInt32(0), into: &bytes)   // the length, patched below
        bytes.append(version)
        put(UInt64(bitPattern: record.seq), into: &bytes)
        put(UInt64(bitPattern: record.timestamp), into: &bytes)
        bytes.append(record.allowed.map { $0 ? 1 : 0 } ?? 2)
        for field in [record.decisionID, record.path, record.subject, record.errorCode, record.previousHash, record.hash, record.json] {
            guard var text = field else {
                put(absent, into: &bytes)
                continue
            }
            text.withUTF8 { utf8 in
                put(UInt32(utf8.count), into: &bytes)
                bytes.append(contentsOf: utf8)
            }
        }
        let length = UInt32(bytes.count - start - 4)
        for i in 0..<4 { bytes[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    /// What reading frames from a buffer found.
    struct Parsed {
        var records: [ChainedRecord]
        /// Bytes taken by the complete frames read.
        var consumed: Int
        /// Whether the bytes after `consumed` hold the start of a frame that does not end in the buffer.
        var incompleteTail: Bool
    }

    /// Reads the complete frames at the start of `bytes`; throws when a complete frame is malformed,
    /// naming its offset (`base` is the buffer's offset in the file).
    static func parse(_ bytes: UnsafeRawBufferPointer, base: Int, segment: String) throws(DecisionLogError) -> Parsed {
        var records: [ChainedRecord] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { return Parsed(records: records, consumed: offset, incompleteTail: true) }
            let length = Int(readInteger(UInt32.self, bytes, at: offset))
            guard length >= minimumBody else {
                throw damaged(segment, at: base + offset, "its length \(length) is shorter than any frame")
            }
            guard bytes.count - offset - 4 >= length else { return Parsed(records: records, consumed: offset, incompleteTail: true) }
            let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + length)])
            records.append(try decode(body, at: base + offset, segment: segment))
            offset += 4 + length
        }
        return Parsed(records: records, consumed: offset, incompleteTail: false)
    }

    private static func decode(_ body: UnsafeRawBufferPointer, at position: Int, segment: String) throws(DecisionLogError) -> ChainedRecord {
        guard body[0] == version else { throw damaged(segment, at: position, "unknown frame version \(body[0])") }
        let seq = Int64(bitPattern: readInteger(UInt64.self, body, at: 1))
        let timestamp = Int64(bitPattern: readInteger(UInt64.self, body, at: 9))
        let allowed: Bool?
        switch body[17] {
        case 0: allowed = false
        case 1: allowed = true
        case 2: allowed = nil
        case let other: throw damaged(segment, at: position, "allowed byte \(other) is not 0, 1 or 2")
        }
        var cursor = 18
        var texts: [String?] = []
        texts.reserveCapacity(7)
        for _ in 0..<7 {
            guard body.count - cursor >= 4 else { throw damaged(segment, at: position, "its strings run past the frame") }
            let length = readInteger(UInt32.self, body, at: cursor)
            cursor += 4
            if length == absent {
                texts.append(nil)
                continue
            }
            guard body.count - cursor >= Int(length) else { throw damaged(segment, at: position, "its strings run past the frame") }
            texts.append(String(decoding: UnsafeRawBufferPointer(rebasing: body[cursor..<(cursor + Int(length))]), as: UTF8.self))
            cursor += Int(length)
        }
        guard cursor == body.count else { throw damaged(segment, at: position, "\(body.count - cursor) bytes follow its last string") }
        guard let id = texts[0], let path = texts[1], let previous = texts[4], let hash = texts[5], let json = texts[6] else {
            throw damaged(segment, at: position, "a required string (id, path, hashes or JSON) is absent")
        }
        return ChainedRecord(seq: seq, decisionID: id, timestamp: timestamp, path: path, allowed: allowed, subject: texts[2],
                             errorCode: texts[3], json: json, previousHash: previous, hash: hash)
    }

    private static func readInteger<T: FixedWidthInteger>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + MemoryLayout<T>.size)])) }
        return T(littleEndian: value)
    }

    private static func damaged(_ segment: String, at offset: Int, _ reason: String) -> DecisionLogError {
        .storage(message: "the decision journal \(segment) is damaged at byte \(offset): \(reason); move the file aside to start the server, and keep it for investigation")
    }
}
