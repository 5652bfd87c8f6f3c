/// Writes records as JSON lines: one canonical JSON event per line, as OPA's console logger does.
public enum JSONLinesExporter {
    /// One record's line, newline included.
    public static func line(_ record: DecisionRecord) -> String { record.canonicalJSON + "\n" }

    /// Every record matching `filter`, oldest first, handed to `write` line by line.
    public static func export(
        from store: DecisionStore, filter: DecisionFilter = DecisionFilter(), write: (String) throws -> Void
    ) throws {
        try store.forEach(filter) { try write(line($0)) }
    }
}
