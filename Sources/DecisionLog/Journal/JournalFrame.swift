/// The journal's frame format: one record per frame.
///
/// A frame is its length (4 bytes, little-endian, counting what follows), a version byte, the
/// sequence number and timestamp (8 bytes each), `allowed` (0, 1, or 2 for undefined), then seven
/// strings, each a 4-byte length (`0xFFFFFFFF` for an absent one) and its UTF-8 bytes: decision id,
/// path, subject, error code, previous hash, hash, canonical JSON. A frame whose length runs past the
/// end of the file was cut short by a crash (its caller was never answered) or is still being written;
/// a zero length marks the end of what is written (the rest of the segment is reserved space).
enum JournalFrame {
    static let version: UInt8 = 1
    /// The smallest possible frame body: version, seq, ts, allowed, seven string lengths.
    static let minimumBody = 1 + 8 + 8 + 1 + 7 * 4
    static let absent = UInt32.max
    /// The strings of a frame, in order.
    enum Field {
        case decisionID, path, subject, errorCode, previousHash, hash, json
    }

    /// Frames `records` (with `json`, their canonical JSON texts) chained after record number `seq`
    /// whose hash is `previousHash` (hex bytes): the frames' bytes and the last record's hash.
    /// `framed` is given each frame's view of the bytes, in order (for inserting them as rows).
    static func encode(_ records: [DecisionRecord], json: [[UInt8]], after seq: Int64, previousHash: [UInt8],
                       framed: (View) -> Void = { _ in }) -> (bytes: [UInt8], lastHash: [UInt8]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.reduce(0) { $0 + $1.count + 320 })
        var previous = previousHash
        for (offset, (record, text)) in zip(records, json).enumerated() {
            let hash = DecisionStore.chainHash(previous: previous, json: text)
            let view = append(seq: seq + 1 + Int64(offset), record: record, json: text, previousHash: previous, hash: hash, to: &bytes)
            framed(view)
            previous = hash
        }
        return (bytes, previous)
    }

    /// Appends the frame of `record`, chained as number `seq` with `json` (its canonical JSON) and the
    /// hex hashes, to `bytes`, and returns the frame's view of them.
    @discardableResult
    static func append(seq: Int64, record: DecisionRecord, json: [UInt8], previousHash: [UInt8], hash: [UInt8], to bytes: inout [UInt8]) -> View {
        let start = bytes.count
        put(UInt32(0), into: &bytes)   // the length, patched below
        bytes.append(version)
        put(UInt64(bitPattern: seq), into: &bytes)
        put(UInt64(bitPattern: record.timestamp), into: &bytes)
        bytes.append(record.allowed.map { $0 ? 1 : 0 } ?? 2)
        let fields = (put(record.decisionID, into: &bytes), put(record.path, into: &bytes), put(record.subject, into: &bytes),
                      put(record.errorCode, into: &bytes), put(previousHash, into: &bytes), put(hash, into: &bytes),
                      put(json, into: &bytes))
        let length = UInt32(bytes.count - start - 4)
        for i in 0..<4 { bytes[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        return View(seq: seq, timestamp: record.timestamp, allowed: record.allowed, fields: fields)
    }

    private static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
    }

    /// Appends a string field and returns where its bytes went (nil for an absent one).
    private static func put(_ text: String?, into bytes: inout [UInt8]) -> Range<Int>? {
        guard var text else {
            put(absent, into: &bytes)
            return nil
        }
        return text.withUTF8 { put(UnsafeRawBufferPointer($0), into: &bytes) }
    }

    private static func put(_ utf8: [UInt8], into bytes: inout [UInt8]) -> Range<Int> {
        utf8.withUnsafeBytes { put($0, into: &bytes) }
    }

    private static func put(_ utf8: UnsafeRawBufferPointer, into bytes: inout [UInt8]) -> Range<Int> {
        put(UInt32(utf8.count), into: &bytes)
        bytes.append(contentsOf: utf8)
        return (bytes.count - utf8.count)..<bytes.count
    }

    /// One frame read from a buffer: its fixed fields, and where each string lies in the buffer
    /// (nil when absent), so that indexing copies the strings straight from the bytes read.
    struct View {
        var seq: Int64
        var timestamp: Int64
        var allowed: Bool?
        var fields: (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?)

        /// Where `field` lies in the buffer the frame was read from.
        func range(_ field: Field) -> Range<Int>? {
            switch field {
            case .decisionID: fields.0
            case .path: fields.1
            case .subject: fields.2
            case .errorCode: fields.3
            case .previousHash: fields.4
            case .hash: fields.5
            case .json: fields.6
            }
        }

        /// The bytes of `field` in `buffer` (the one the frame was read from); nil when absent.
        func bytes(_ field: Field, in buffer: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            range(field).map { UnsafeRawBufferPointer(rebasing: buffer[$0]) }
        }

        /// The text of `field` in `buffer`; nil when absent.
        func text(_ field: Field, in buffer: UnsafeRawBufferPointer) -> String? {
            bytes(field, in: buffer).map { String(decoding: $0, as: UTF8.self) }
        }

    }

    /// What reading frames from a buffer found.
    struct Parsed {
        var frames: [View]
        /// Bytes taken by the complete frames read.
        var consumed: Int
        /// Whether the bytes after `consumed` hold the start of a frame that does not end in the buffer.
        var incompleteTail: Bool
        /// Whether a zero length follows `consumed`: space reserved in the segment but not written
        /// yet (or a batch whose copy a kill cut short), where the frames end for now.
        var unwritten = false
    }

    /// Reads the complete frames at the start of `bytes`; throws when a complete frame is malformed,
    /// naming its offset (`base` is the buffer's offset in the file).
    static func parse(_ bytes: UnsafeRawBufferPointer, base: Int, segment: String) throws(DecisionLogError) -> Parsed {
        var frames: [View] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { return Parsed(frames: frames, consumed: offset, incompleteTail: true) }
            let length = Int(readInteger(UInt32.self, bytes, at: offset))
            if length == 0 { return Parsed(frames: frames, consumed: offset, incompleteTail: false, unwritten: true) }
            guard length >= minimumBody else {
                throw damaged(segment, at: base + offset, "its length \(length) is shorter than any frame")
            }
            guard bytes.count - offset - 4 >= length else { return Parsed(frames: frames, consumed: offset, incompleteTail: true) }
            frames.append(try decode(bytes, body: (offset + 4)..<(offset + 4 + length), position: base + offset, segment: segment))
            offset += 4 + length
        }
        return Parsed(frames: frames, consumed: offset, incompleteTail: false)
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, body: Range<Int>, position: Int, segment: String) throws(DecisionLogError) -> View {
        let start = body.lowerBound
        guard bytes[start] == version else { throw damaged(segment, at: position, "unknown frame version \(bytes[start])") }
        let seq = Int64(bitPattern: readInteger(UInt64.self, bytes, at: start + 1))
        let timestamp = Int64(bitPattern: readInteger(UInt64.self, bytes, at: start + 9))
        let allowed: Bool?
        switch bytes[start + 17] {
        case 0: allowed = false
        case 1: allowed = true
        case 2: allowed = nil
        case let other: throw damaged(segment, at: position, "allowed byte \(other) is not 0, 1 or 2")
        }
        var cursor = start + 18
        func next() throws(DecisionLogError) -> Range<Int>? {
            guard body.upperBound - cursor >= 4 else { throw damaged(segment, at: position, "its strings run past the frame") }
            let length = readInteger(UInt32.self, bytes, at: cursor)
            cursor += 4
            if length == absent { return nil }
            guard body.upperBound - cursor >= Int(length) else { throw damaged(segment, at: position, "its strings run past the frame") }
            defer { cursor += Int(length) }
            return cursor..<(cursor + Int(length))
        }
        let fields = (try next(), try next(), try next(), try next(), try next(), try next(), try next())
        guard cursor == body.upperBound else { throw damaged(segment, at: position, "\(body.upperBound - cursor) bytes follow its last string") }
        guard fields.0 != nil, fields.1 != nil, fields.4 != nil, fields.5 != nil, fields.6 != nil else {
            throw damaged(segment, at: position, "a required string (id, path, hashes or JSON) is absent")
        }
        return View(seq: seq, timestamp: timestamp, allowed: allowed, fields: fields)
    }

    private static func readInteger<T: FixedWidthInteger>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    private static func damaged(_ segment: String, at offset: Int, _ reason: String) -> DecisionLogError {
        .storage(message: "the decision journal \(segment) is damaged at byte \(offset): \(reason); move the file aside to start the server, and keep it for investigation")
    }
}
