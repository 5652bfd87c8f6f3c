/// Percent-encoding (RFC 3986, 2.1) that keeps only the unreserved characters: letters, digits and
/// `-._~`; every other byte of the UTF-8 text is `%XX` (upper-case hex). What AWS Signature Version 4
/// asks of a query, and what keeps a value from adding segments to a URL path.
public enum PercentEncoding {
    public static func unreservedOnly(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(upperDigit(byte >> 4))
                out.unicodeScalars.append(upperDigit(byte & 0x0F))
            }
        }
        return out
    }

    private static func upperDigit(_ nibble: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10)
    }
}
