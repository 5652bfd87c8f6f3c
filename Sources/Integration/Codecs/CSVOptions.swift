/// How CSV text is read and written: the field delimiter and whether the first row is a header.
public struct CSVOptions: Sendable, Equatable {
    /// The byte between fields: `,` by default, `;` or a tab are common alternatives. It must be
    /// printable ASCII or a tab, and not `"`.
    public var delimiter: UInt8
    /// Whether the first row names the columns (rows are then objects keyed by those names).
    public var header: Bool

    /// Options with `delimiter` (default `,`) and `header` (default true).
    public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true) {
        self.delimiter = delimiter
        self.header = header
    }

    /// Throws when the delimiter could not separate fields unambiguously.
    func validate() throws(CodecError) {
        let d = delimiter
        guard d == UInt8(ascii: "\t") || (d >= 0x20 && d < 0x7F), d != UInt8(ascii: "\"") else {
            throw .unplaced("csv", "delimiter byte \(d) cannot separate fields; use printable ASCII other than '\"' (such as ',' or ';') or a tab")
        }
    }
}
