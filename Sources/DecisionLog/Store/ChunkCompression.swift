import CZstd

/// A stored chunk's frames are compressed with Zstandard (a fast level, `ChunkCompressor.level`)
/// before they are written.
///
/// Sixty-four records of one service repeat most of their bytes (field names, paths, inputs of the
/// same shape; each record's previous hash is the hash of the record before), so a chunk of `rbac`
/// frames shrinks four to five times: indexing writes about a fifth of the bytes to the WAL and
/// again to the database file, and a million generated records (`bench/million_records.py`) take
/// 147 MB of state file instead of 659 MB. The log's thread spends about 0.9 µs more per record
/// compressing and about 0.7 µs less in the kernel writing pages; `verify` and queries decompress
/// what they read (a 40 KB chunk in about 20 µs).
///
/// A chunk written by a version without compression holds its frames as they are; readers tell the
/// two apart by the first four bytes: Zstandard's magic number, read as a frame's length, would be a
/// frame of 4 GB, which the journal never writes.
enum ChunkCompression {
    /// Zstandard's frame magic number, as the first four bytes of a compressed chunk hold it.
    static let magic: UInt32 = 0xFD2F_B528
    /// The most a chunk's frames may take once decompressed; a stored size above it is damage.
    static let largestChunk = 1 << 30

    /// Whether `stored` is a compressed chunk.
    static func isCompressed(_ stored: UnsafeRawBufferPointer) -> Bool {
        stored.count >= 4 && stored.loadUnaligned(as: UInt32.self).littleEndian == magic
    }

    /// Hands `body` the frames of the stored chunk `stored`: decompressed when it is compressed,
    /// as they are otherwise. A compressed chunk that does not decompress is damage at byte 0.
    static func withFrames<T, E: Error>(_ stored: UnsafeRawBufferPointer,
                                        _ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> Result<T, JournalFrame.Damage> {
        guard isCompressed(stored) else { return .success(try body(stored)) }
        let size = ZSTD_getFrameContentSize(stored.baseAddress, stored.count)
        // Unknown (`ZSTD_CONTENTSIZE_UNKNOWN`) and errors (`ZSTD_CONTENTSIZE_ERROR`) are the two largest values.
        guard size < UInt64(largestChunk) else {
            return .failure(JournalFrame.Damage(offset: 0, reason: "the compressed chunk does not give a plausible size (\(size))"))
        }
        var written = 0
        // Filled by Zstandard: no zeroing first.
        let frames = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, count in
            written = ZSTD_decompress(buffer.baseAddress, buffer.count, stored.baseAddress, stored.count)
            count = ZSTD_isError(written) == 0 ? min(written, buffer.count) : 0
        }
        guard ZSTD_isError(written) == 0, written == Int(size) else {
            let reason = ZSTD_isError(written) != 0 ? String(cString: ZSTD_getErrorName(written)) : "\(written) bytes where the chunk says \(size)"
            return .failure(JournalFrame.Damage(offset: 0, reason: "the compressed chunk does not decompress: \(reason)"))
        }
        let result = frames.withUnsafeBytes { frames in Result { () throws(E) -> T in try body(frames) } }
        return .success(try result.get())
    }
}

/// Compresses chunks for the log's writer connection, reusing one Zstandard context and one output
/// buffer. Used only under the store's write lock.
final class ChunkCompressor: @unchecked Sendable {
    private let context: OpaquePointer
    private var output: [UInt8] = []

    /// Zstandard's third fast level. On a 39 KB chunk of `rbac` frames here it keeps 22% of the
    /// bytes in 0.91 µs per record; the first fast level kept 21% in 1.22 µs, level 1 a seventh in
    /// 1.32 µs. The fifth fast level took 0.62 µs but kept 23% of `rbac` frames and 22% of the
    /// generated ones of `bench/million_records.py` (8.5 KB a chunk, where the third keeps 7.2 KB
    /// and the first 6.4): more than half a 16 KB page, so a page held one chunk where it had held
    /// two, and a million records took 260 MB of state file instead of 147.
    static let level: Int32 = -3

    init() {
        guard let context = ZSTD_createCCtx() else { fatalError("Zstandard could not allocate a compression context: out of memory") }
        self.context = context
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Hands `body` the compressed form of `frames` (valid only within it).
    func withCompressed<T, E: Error>(_ frames: UnsafeRawBufferPointer,
                                     _ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
        let bound = ZSTD_compressBound(frames.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let written = output.withUnsafeMutableBytes { ZSTD_compressCCtx(context, $0.baseAddress, $0.count, frames.baseAddress, frames.count, Self.level) }
        // Compressing into a buffer of `ZSTD_compressBound` bytes cannot fail short of memory; the
        // frames then go in as they are, which readers take as well.
        guard ZSTD_isError(written) == 0 else { return try body(frames) }
        let result = output.withUnsafeBytes { output in Result { () throws(E) -> T in try body(UnsafeRawBufferPointer(rebasing: output[..<written])) } }
        return try result.get()
    }
}
