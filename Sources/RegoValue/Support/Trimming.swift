extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks (what PEM blocks, template
    /// actions, annotation blocks and signed header values are read with).
    public var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
