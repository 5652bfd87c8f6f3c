import Glibc
import RegoValue

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
        var previous = previousHash
        for (offset, (record, text)) in zip(records, json).enumerated() {
            let hash = DecisionStore.chainHash(previous: previous, json: text)
            let view = append(seq: seq + 1 + Int64(offset), record: record, json: text, previousHash: previous, hash: hash, to: &bytes)
            framed(view)
            previous = hash
        }
        return (bytes, previous)
    }

    /// The bytes the frame of `record` takes, its length included, with a JSON text of `json`
    /// bytes and hex hashes.
    static func size(of record: borrowing DecisionRecord, json: Int) -> Int {
        4 + minimumBody + record.decisionID.utf8.count + record.path.utf8.count + (record.subject?.utf8.count ?? 0)
            + (record.errorCode?.utf8.count ?? 0) + 2 * SHA256.hexLength + json
    }

    /// Appends the frame of `record`, chained as number `seq` with `json` (its canonical JSON) and the
    /// hex hashes, to `bytes`, and returns the frame's view of them.
    @discardableResult
    static func append(seq: Int64, record: DecisionRecord, json: [UInt8], previousHash: [UInt8], hash: [UInt8], to bytes: inout [UInt8]) -> View {
        let start = bytes.count
        let size = size(of: record, json: json.count) - 2 * SHA256.hexLength + previousHash.count + hash.count
        bytes.append(contentsOf: repeatElement(0, count: size))
        return bytes.withUnsafeMutableBytes { buffer in
            json.withUnsafeBytes { json in
                previousHash.withUnsafeBytes { previousHash in
                    hash.withUnsafeBytes { hash in
                        write(seq: seq, record: record, json: json, previousHash: previousHash, hash: hash,
                              to: buffer.baseAddress!, at: start, storingLength: true)
                    }
                }
            }
        }
    }

    /// Writes the frame of `record` at `offset` bytes past `base` (room for `size(of:json:)` bytes
    /// there) and returns its view, with ranges counted from `base`. Without `storingLength` the
    /// length is left for the caller to store (`storeLength`), once everything after it is written.
    static func write(seq: Int64, record: borrowing DecisionRecord, json: UnsafeRawBufferPointer, previousHash: UnsafeRawBufferPointer,
                      hash: UnsafeRawBufferPointer, to base: UnsafeMutableRawPointer, at offset: Int, storingLength: Bool) -> View {
        var writer = Writer(base: base, offset: offset + 4)
        let head = writer.putHead(seq: seq, record: record)
        let fields = (head.0, head.1, head.2, head.3, writer.put(previousHash), writer.put(hash), writer.put(json))
        if storingLength { storeLength(writer.offset - offset - 4, at: base + offset) }
        return View(seq: seq, timestamp: record.timestamp, allowed: record.allowed, frame: offset..<writer.offset, fields: fields)
    }

    /// Stores a frame's length (what follows the 4 length bytes) at `destination`.
    static func storeLength(_ length: Int, at destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self)
    }

    /// Writes a frame's fields one after another.
    struct Writer {
        let base: UnsafeMutableRawPointer
        var offset: Int

        /// Writes what comes after the length and before the hashes: the version, `seq`, the
        /// record's time and `allowed`, its id, path, subject and error code (where those four went).
        mutating func putHead(seq: Int64, record: borrowing DecisionRecord) -> (Range<Int>?, Range<Int>?, Range<Int>?, Range<Int>?) {
            put(version)
            put(UInt64(bitPattern: seq))
            put(UInt64(bitPattern: record.timestamp))
            put(UInt8(record.allowed.map { $0 ? 1 : 0 } ?? 2))
            return (put(record.decisionID), put(record.path), put(record.subject), put(record.errorCode))
        }

        mutating func put<T: FixedWidthInteger>(_ value: T) {
            (base + offset).storeBytes(of: value.littleEndian, as: T.self)
            offset += MemoryLayout<T>.size
        }

        /// Writes a string field and returns where its bytes went (nil for an absent one).
        mutating func put(_ text: String?) -> Range<Int>? {
            guard var text else {
                put(absent)
                return nil
            }
            return text.withUTF8 { put(UnsafeRawBufferPointer($0)) }
        }

        mutating func put(_ utf8: UnsafeRawBufferPointer) -> Range<Int> {
            put(UInt32(utf8.count))
            // A hash may already be in place (the journal hashes straight into the frame).
            if let source = utf8.baseAddress, source != UnsafeRawPointer(base + offset) {
                (base + offset).copyMemory(from: source, byteCount: utf8.count)
            }
            offset += utf8.count
            return (offset - utf8.count)..<offset
        }
    }

    /// One frame read from a buffer: its fixed fields, and where each string lies in the buffer
    /// (nil when absent), so that indexing copies the strings straight from the bytes read.
    struct View {
        var seq: Int64
        var timestamp: Int64
        var allowed: Bool?
        /// The whole frame, its length included.
        var frame: Range<Int>
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

    /// A complete frame that is malformed: where it starts (counted from the `base` given to
    /// `parse`) and what is wrong with it.
    struct Damage: Error {
        var offset: Int
        var reason: String
    }

    /// Reads the complete frames at the start of `bytes`; throws when a complete frame is malformed,
    /// naming its offset (`base` is the buffer's offset in the file).
    static func parse(_ bytes: UnsafeRawBufferPointer, base: Int) throws(Damage) -> Parsed {
        var frames: [View] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else { return Parsed(frames: frames, consumed: offset, incompleteTail: true) }
            let length = Int(readInteger(UInt32.self, bytes, at: offset))
            if length == 0 { return Parsed(frames: frames, consumed: offset, incompleteTail: false, unwritten: true) }
            guard length >= minimumBody else {
                throw Damage(offset: base + offset, reason: "its length \(length) is shorter than any frame")
            }
            guard bytes.count - offset - 4 >= length else { return Parsed(frames: frames, consumed: offset, incompleteTail: true) }
            frames.append(try decode(bytes, body: (offset + 4)..<(offset + 4 + length), position: base + offset))
            offset += 4 + length
        }
        return Parsed(frames: frames, consumed: offset, incompleteTail: false)
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, body: Range<Int>, position: Int) throws(Damage) -> View {
        let start = body.lowerBound
        guard bytes[start] == version else { throw Damage(offset: position, reason: "unknown frame version \(bytes[start])") }
        let seq = Int64(bitPattern: readInteger(UInt64.self, bytes, at: start + 1))
        let timestamp = Int64(bitPattern: readInteger(UInt64.self, bytes, at: start + 9))
        let allowed: Bool?
        switch bytes[start + 17] {
        case 0: allowed = false
        case 1: allowed = true
        case 2: allowed = nil
        case let other: throw Damage(offset: position, reason: "allowed byte \(other) is not 0, 1 or 2")
        }
        var cursor = start + 18
        func next() throws(Damage) -> Range<Int>? {
            guard body.upperBound - cursor >= 4 else { throw Damage(offset: position, reason: "its strings run past the frame") }
            let length = readInteger(UInt32.self, bytes, at: cursor)
            cursor += 4
            if length == absent { return nil }
            guard body.upperBound - cursor >= Int(length) else { throw Damage(offset: position, reason: "its strings run past the frame") }
            defer { cursor += Int(length) }
            return cursor..<(cursor + Int(length))
        }
        let fields = (try next(), try next(), try next(), try next(), try next(), try next(), try next())
        guard cursor == body.upperBound else { throw Damage(offset: position, reason: "\(body.upperBound - cursor) bytes follow its last string") }
        guard fields.0 != nil, fields.1 != nil, fields.4 != nil, fields.5 != nil, fields.6 != nil else {
            throw Damage(offset: position, reason: "a required string (id, path, hashes or JSON) is absent")
        }
        return View(seq: seq, timestamp: timestamp, allowed: allowed, frame: (start - 4)..<body.upperBound, fields: fields)
    }

    private static func readInteger<T: FixedWidthInteger>(_ type: T.Type, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes come before `other`'s in byte order (a prefix before what it begins).
    func bytesPrecede(_ other: UnsafeRawBufferPointer) -> Bool {
        let common = Swift.min(count, other.count)
        if common > 0, let start = baseAddress, let otherStart = other.baseAddress {
            let order = memcmp(start, otherStart, common)
            if order != 0 { return order < 0 }
        }
        return count < other.count
    }

    /// Whether `other` holds the same bytes (one `memcmp`, where `elementsEqual` goes byte by byte).
    func sameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard count > 0, let start = baseAddress, let otherStart = other.baseAddress else { return true }
        return memcmp(start, otherStart, count) == 0
    }
}
