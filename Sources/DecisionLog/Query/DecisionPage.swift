/// One page of records, newest first, and the cursor of the next page when there is one.
public struct DecisionPage: Sendable, Equatable {
    /// The records of this page, newest first.
    public var records: [DecisionRecord]
    /// Where the next page starts; nil on the last page.
    public var nextCursor: DecisionCursor?
}
