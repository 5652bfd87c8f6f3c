/// Go's `strings` package semantics (byte-wise matching of UTF-8 text, rune-wise cut sets), which
/// OPA's string builtins inherit. Swift's own `String` comparisons use canonical equivalence, so
/// these helpers work on UTF-8 bytes instead.
enum GoStrings {
    /// Byte offset of the first occurrence of `needle` in `haystack` at or after `start`.
    static func index(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        let n = needle.count, h = haystack.count
        if n == 0 { return start <= h ? start : nil }
        guard n <= h - start, let first = needle.first else { return nil }
        var i = start
        while i <= h - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }

    static func hasPrefix(_ s: [UInt8], _ prefix: [UInt8]) -> Bool {
        prefix.count <= s.count && s[0..<prefix.count].elementsEqual(prefix)
    }

    static func hasSuffix(_ s: [UInt8], _ suffix: [UInt8]) -> Bool {
        suffix.count <= s.count && s[(s.count - suffix.count)...].elementsEqual(suffix)
    }

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Width of the UTF-8 sequence starting with `lead`.
    static func runeWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    /// `strings.Count`: non-overlapping occurrences; an empty `sub` counts rune boundaries.
    static func count(_ s: String, _ sub: String) -> Int {
        if sub.isEmpty { return s.unicodeScalars.count + 1 }
        let h = Array(s.utf8), n = Array(sub.utf8)
        var total = 0, i = 0
        while let at = index(of: n, in: h, from: i) {
            total += 1
            i = at + n.count
        }
        return total
    }

    /// `strings.Split` with n = -1: an empty separator splits into runes.
    static func split(_ s: String, _ sep: String) -> [String] {
        if sep.isEmpty { return s.unicodeScalars.map { String($0) } }
        let h = Array(s.utf8), n = Array(sep.utf8)
        var parts: [String] = []
        var i = 0
        while let at = index(of: n, in: h, from: i) {
            parts.append(string(h[i..<at]))
            i = at + n.count
        }
        parts.append(string(h[i...]))
        return parts
    }

    /// `strings.NewReplacer(pairs...).Replace(s)`: scans left to right; at each position the first
    /// pair (in the given order) whose old text matches wins; an empty old text matches between
    /// runes, but never twice in a row.
    static func replace(_ s: String, pairs: [(old: String, new: String)]) -> String {
        let h = Array(s.utf8)
        let olds = pairs.map { Array($0.old.utf8) }
        let news = pairs.map { Array($0.new.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(h.count)
        var i = 0
        var previousMatchEmpty = false
        while i <= h.count {
            var matched: Int?
            for (k, old) in olds.enumerated() {
                if old.isEmpty && previousMatchEmpty { continue }
                if old.count <= h.count - i && h[i..<(i + old.count)].elementsEqual(old) { matched = k; break }
            }
            if let k = matched {
                out.append(contentsOf: news[k])
                i += olds[k].count
                previousMatchEmpty = olds[k].isEmpty
                if !previousMatchEmpty { continue }
            } else {
                previousMatchEmpty = false
            }
            guard i < h.count else { break }
            let width = min(runeWidth(h[i]), h.count - i)
            out.append(contentsOf: h[i..<(i + width)])
            i += width
            previousMatchEmpty = false
        }
        return string(out)
    }

    /// `strings.Trim`, `TrimLeft`, `TrimRight`: drops runes contained in `cutset` from the ends.
    static func trim(_ s: String, cutset: String, left: Bool, right: Bool) -> String {
        if let trimmed = trimASCII(s, cutset: cutset, left: left, right: right) { return trimmed }
        let cut = Set(cutset.unicodeScalars)
        return trim(s, left: left, right: right) { cut.contains($0) }
    }

    /// `trim` with an ASCII cut set, by bytes: the bytes of a multi-byte rune are never ASCII,
    /// so they are never cut, as with runes. Nil when the cut set is not ASCII.
    static func trimASCII(_ s: String, cutset: String, left: Bool, right: Bool) -> String? {
        var lowMask: UInt64 = 0, highMask: UInt64 = 0
        for b in cutset.utf8 {
            guard b < 0x80 else { return nil }
            if b < 64 { lowMask |= 1 << UInt64(b) } else { highMask |= 1 << UInt64(b - 64) }
        }
        @inline(__always) func cut(_ b: UInt8) -> Bool {
            b < 64 ? lowMask & (1 << UInt64(b)) != 0 : (b < 128 && highMask & (1 << UInt64(b - 64)) != 0)
        }
        var s = s
        return s.withUTF8 { bytes in
            var lo = 0, hi = bytes.count
            if left { while lo < hi && cut(bytes[lo]) { lo += 1 } }
            if right { while hi > lo && cut(bytes[hi - 1]) { hi -= 1 } }
            if lo == 0 && hi == bytes.count { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
        } ?? s
    }

    /// `strings.TrimSpace`: drops Unicode white space from both ends.
    static func trimSpace(_ s: String) -> String {
        trim(s, left: true, right: true) { $0.properties.isWhitespace }
    }

    private static func trim(_ s: String, left: Bool, right: Bool, _ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Array(s.unicodeScalars)
        var lo = 0, hi = scalars.count
        if left { while lo < hi && drop(scalars[lo]) { lo += 1 } }
        if right { while hi > lo && drop(scalars[hi - 1]) { hi -= 1 } }
        if lo == 0 && hi == scalars.count { return s }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return String(view)
    }

    /// Go's `unicode.ToLower`/`ToUpper` applied per rune: a rune whose mapping is not a single
    /// rune (Swift exposes only full case mappings) is kept as it is.
    static func mapCase(_ s: String, upper: Bool) -> String {
        var view = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let mappedScalars = mapped.unicodeScalars
            if mappedScalars.count == 1, let only = mappedScalars.first { view.append(only) } else { view.append(scalar) }
        }
        return String(view)
    }

    /// The runes of `s` in reverse order.
    static func reversed(_ s: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s.unicodeScalars.reversed())
        return String(view)
    }
}
