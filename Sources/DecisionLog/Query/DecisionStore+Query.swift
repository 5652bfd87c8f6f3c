import DataStore

extension DecisionStore {
    /// The records matching `filter`, newest first, one page at a time.
    ///
    /// ```swift
    /// var page = try store.list(filter)
    /// while let next = page.nextCursor { page = try store.list(filter, after: next) }
    /// ```
    public func list(_ filter: DecisionFilter, after cursor: DecisionCursor? = nil) throws(DecisionLogError) -> DecisionPage {
        try indexJournal()
        let limit = min(max(filter.limit, 1), DecisionFilter.maxLimit)
        let rows = try Self.storage { () throws(StoreError) -> [(Int64, String, String)] in
            let before = cursor?.sequence
            // The newest rows first, until a page and one more record are found.
            var rows: [(Int64, String, String)] = []
            for range in try rowRanges(filter, before: before).reversed() where rows.count <= limit {
                rows += try newestRows(filter.sql(before: before, within: range), limit: limit + 1 - rows.count)
            }
            return rows
        }
        var records: [DecisionRecord] = []
        for (_, id, text) in rows.prefix(limit) {
            do { records.append(try DecisionRecord(jsonText: text)) } catch {
                throw .corruptRecord(id: id, reason: error.message)
            }
        }
        let next = rows.count > limit ? rows.prefix(limit).last.map { DecisionCursor(sequence: $0.0) } : nil
        return DecisionPage(records: records, nextCursor: next)
    }

    /// Up to `limit` rows' sequence numbers, decision ids and records matching `sql`, newest first.
    private func newestRows(_ sql: (clause: String, parameters: [SQLiteParameter]), limit: Int) throws(StoreError) -> [(Int64, String, String)] {
        try reader.query("SELECT seq, decision_id, record FROM decision_log \(sql.clause) ORDER BY seq DESC LIMIT \(limit)", sql.parameters) {
            ($0.int(0), $0.text(1) ?? "?", $0.text(2) ?? "")
        }
    }

    /// The record with decision id `id` (the newest, should an id repeat), or nil.
    public func get(id: String) throws(DecisionLogError) -> DecisionRecord? {
        try indexJournal()
        let filter = DecisionFilter(id: id, limit: 1)
        let text = try Self.storage { () throws(StoreError) -> String? in
            // The blocks whose id bounds hold `id`, newest first.
            for range in try rowRanges(filter, before: nil).reversed() {
                if let found = try newestRows(filter.sql(before: nil, within: range), limit: 1).first { return found.2 }
            }
            return nil
        }
        guard let text else { return nil }
        return try DecisionRecord(jsonText: text)
    }

    /// Every record matching `filter` (ignoring its limit), oldest first, handed to `body` one at a
    /// time without loading the whole log (for export).
    public func forEach(_ filter: DecisionFilter, _ body: (DecisionRecord) throws -> Void) throws {
        try indexJournal()
        var failure: (any Error)?
        try Self.storage { () throws(StoreError) in
            for range in try rowRanges(filter, before: nil) where failure == nil {
                let (clause, parameters) = filter.sql(before: nil, within: range)
                try reader.withStatement("SELECT decision_id, record FROM decision_log \(clause) ORDER BY seq") { statement throws(StoreError) in
                    try statement.bind(parameters)
                    while failure == nil, try statement.step() {
                        let id = statement.text(0) ?? "?"
                        do { try body(try DecisionRecord(jsonText: statement.text(1) ?? "")) } catch let error as DecisionLogError {
                            failure = DecisionLogError.corruptRecord(id: id, reason: error.message)
                        } catch {
                            failure = error
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
    }
}
