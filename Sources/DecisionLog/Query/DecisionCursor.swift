/// An opaque paging cursor: the sequence number of the last record of a page, so the next page
/// starts right after it however many records arrive meanwhile.
public struct DecisionCursor: Sendable, Equatable, CustomStringConvertible {
    /// Records older (smaller sequence numbers) than this come next.
    let sequence: Int64

    init(sequence: Int64) { self.sequence = sequence }

    /// Reads a cursor returned by an earlier `list`; a bad one throws naming the `cursor` parameter.
    public init(_ text: String) throws(DecisionLogError) {
        guard text.hasPrefix("c"), let n = Int64(text.dropFirst(), radix: 36), n > 0 else {
            throw .badParameter(name: "cursor", value: text, expected: "a cursor returned as next_cursor by an earlier page")
        }
        sequence = n
    }

    /// The text form handed to clients.
    public var description: String { "c" + String(sequence, radix: 36) }
}
