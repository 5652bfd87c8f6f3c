#if canImport(Glibc)
import Glibc
#endif
import RegoValue

/// Decision ids: version 7 UUIDs (RFC 9562) as lowercase text, written without Foundation. The first
/// 48 bits are the Unix time in milliseconds, so ids made later sort later: the decision log finds an
/// id through the least and greatest id of each block of records, which then overlap little.
enum DecisionID {
    static func make(milliseconds: UInt64 = UInt64(max(0, SystemClock.wallNanoseconds() / 1_000_000))) -> String {
        make(milliseconds: milliseconds, random: RandomPool.next(), low: RandomPool.next())
    }

    /// The id of `milliseconds` with the random bits taken from `random` (12 bits) and `low` (62).
    static func make(milliseconds: UInt64, random: UInt64, low: UInt64) -> String {
        // 48 bits of time, the version, 12 random bits.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (random & 0x0FFF)
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000     // RFC 9562 variant
        // The 32 hex digits, eight at a time, straight into the string's storage: 8-4-4-4-12, a
        // dash before the 9th, 13th, 17th and 21st.
        let digits = (Hex.eightDigits(UInt32(high >> 32)), Hex.eightDigits(UInt32(truncatingIfNeeded: high)),
                      Hex.eightDigits(UInt32(low >> 32)), Hex.eightDigits(UInt32(truncatingIfNeeded: low)))
        return String(unsafeUninitializedCapacity: 36) { text in
            let out = UnsafeMutableRawPointer(text.baseAddress!)
            // A word's digits in memory order: its low half holds the first four.
            func half(_ digits: UInt64, _ second: Bool) -> UInt32 { UInt32(truncatingIfNeeded: second ? digits >> 32 : digits).littleEndian }
            out.storeBytes(of: digits.0.littleEndian, toByteOffset: 0, as: UInt64.self)
            out.storeBytes(of: half(digits.1, false), toByteOffset: 9, as: UInt32.self)
            out.storeBytes(of: half(digits.1, true), toByteOffset: 14, as: UInt32.self)
            out.storeBytes(of: half(digits.2, false), toByteOffset: 19, as: UInt32.self)
            out.storeBytes(of: half(digits.2, true), toByteOffset: 24, as: UInt32.self)
            out.storeBytes(of: digits.3.littleEndian, toByteOffset: 28, as: UInt64.self)
            (text[8], text[13], text[18], text[23]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "-"))
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
