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
        // The newest records first, until a page and one more are found.
        var found: [(seq: Int64, id: String, json: String)] = []
        try scan(filter, before: cursor?.sequence, newestFirst: true) { seq, id, json in
            found.append((seq, id, json))
            return found.count <= limit
        }
        var records: [DecisionRecord] = []
        for (_, id, text) in found.prefix(limit) {
            do { records.append(try DecisionRecord(jsonText: text)) } catch {
                throw .corruptRecord(id: id, reason: error.message)
            }
        }
        let next = found.count > limit ? found.prefix(limit).last.map { DecisionCursor(sequence: $0.seq) } : nil
        return DecisionPage(records: records, nextCursor: next)
    }

    /// The record with decision id `id` (the newest, should an id repeat), or nil.
    public func get(id: String) throws(DecisionLogError) -> DecisionRecord? {
        try indexJournal()
        var text: String?
        try scan(DecisionFilter(id: id, limit: 1), before: nil, newestFirst: true) { _, _, json in
            text = json
            return false
        }
        guard let text else { return nil }
        return try DecisionRecord(jsonText: text)
    }

    /// Every record matching `filter` (ignoring its limit), oldest first, handed to `body` one at a
    /// time without loading the whole log (for export).
    public func forEach(_ filter: DecisionFilter, _ body: (DecisionRecord) throws -> Void) throws {
        try indexJournal()
        var failure: (any Error)?
        try scan(filter, before: nil, newestFirst: false) { _, id, json in
            do { try body(try DecisionRecord(jsonText: json)) } catch let error as DecisionLogError {
                failure = DecisionLogError.corruptRecord(id: id, reason: error.message)
            } catch {
                failure = error
            }
            return failure == nil
        }
        if let failure { throw failure }
    }

    /// Hands `body` the records matching `filter` (those numbered below `before`, when given), newest
    /// or oldest first, as their sequence number, decision id and JSON text, until it returns false.
    /// Only the chunks of the blocks the filter's summaries allow (and, for a subject, the chunks
    /// holding it) are read.
    func scan(_ filter: DecisionFilter, before: Int64?, newestFirst: Bool,
              _ body: (_ seq: Int64, _ id: String, _ json: String) throws(DecisionLogError) -> Bool) throws(DecisionLogError) {
        let ranges = try Self.storage { () throws(StoreError) in try rowRanges(filter, before: before) }
        let matcher = FrameMatcher(filter)
        var goOn = true
        for range in newestFirst ? ranges.reversed() : ranges {
            let (sql, parameters) = filter.chunkQuery(before: before, within: range, newestFirst: newestFirst)
            try forEachChunk(sql, parameters, on: reader) { _, frames, buffer throws(DecisionLogError) in
                for index in frames.indices {
                    let frame = frames[newestFirst ? frames.count - 1 - index : index]
                    if let before, frame.seq >= before { continue }
                    guard matcher.matches(frame, in: buffer) else { continue }
                    goOn = try body(frame.seq, frame.text(.decisionID, in: buffer) ?? "?", frame.text(.json, in: buffer) ?? "")
                    if !goOn { return false }
                }
                return true
            }
            if !goOn { return }
        }
    }
}
