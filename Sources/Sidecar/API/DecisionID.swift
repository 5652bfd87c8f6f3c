#if canImport(Glibc)
import Glibc
#endif
import RegoValue

/// Decision ids: version 7 UUIDs (RFC 9562) as lowercase text, written without Foundation. The first
/// 48 bits are the Unix time in milliseconds, so ids made later sort later: the decision log finds an
/// id through the least and greatest id of each block of records, which then overlap little.
enum DecisionID {
    static func make(milliseconds: UInt64 = UInt64(max(0, SystemClock.wallNanoseconds() / 1_000_000))) -> String {
        let random = RandomPool.next()
        var low = RandomPool.next()
        // 48 bits of time, the version, 12 random bits.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (random & 0x0FFF)
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000     // RFC 9562 variant
        // The 32 hex digits written straight into the string's storage, a dash before the 9th,
        // 13th, 17th and 21st.
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = Hex.digit(UInt8(truncatingIfNeeded: ((i < 16 ? high : low) >> UInt64(60 - 4 * (i % 16))) & 0xF))
                position += 1
            }
            return 36
        }
    }
}

/// Random words from the kernel's generator (`/dev/urandom`), read 4 KiB at a time into a buffer
/// of each thread's own, so that a decision id costs no system call (the two `getrandom` calls of
/// the standard library's generator took about 1% of the server's CPU under load) and no lock
/// shared between event loops.
enum RandomPool {
    private static let size = 4096

    /// Each thread's buffer: the offset of the next unread byte, then `size` bytes.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key) { free($0) } == 0, "no thread-specific key left for the random pool")
        return key
    }()

    static func next() -> UInt64 {
        let block: UnsafeMutableRawPointer
        if let existing = pthread_getspecific(key) {
            block = existing
        } else {
            guard let fresh = malloc(MemoryLayout<Int>.size + size) else {
                var generator = SystemRandomNumberGenerator()
                return generator.next()
            }
            fresh.storeBytes(of: size, as: Int.self)    // empty: filled on first use
            pthread_setspecific(key, fresh)
            block = fresh
        }
        let bytes = block + MemoryLayout<Int>.size
        var offset = block.load(as: Int.self)
        if offset + 8 > size {
            fill(bytes)
            offset = 0
        }
        block.storeBytes(of: offset + 8, as: Int.self)
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// The kernel's generator, opened once (-1 when it cannot be).
    private static let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private static func fill(_ bytes: UnsafeMutableRawPointer) {
        var filled = 0
        while filled < size, device >= 0 {
            let got = read(device, bytes + filled, size - filled)
            if got > 0 {
                filled += got
            } else if got == 0 || errno != EINTR {
                break
            }
        }
        // Without the device (a confined process), the standard library's generator, word by word.
        var generator = SystemRandomNumberGenerator()
        while filled + 8 <= size {
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: filled, as: UInt64.self)
            filled += 8
        }
    }
}
