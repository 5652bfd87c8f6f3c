/// A record as it sits in the chain: its sequence number, the columns the log is queried by, its
/// canonical JSON, and the hashes linking it to the record before it. It is what the journal holds
/// and what becomes one row of the `decision_log` table.
struct ChainedRecord: Sendable, Equatable {
    var seq: Int64
    var decisionID: String
    var timestamp: Int64
    var path: String
    var allowed: Bool?
    var subject: String?
    var errorCode: String?
    var json: String
    var previousHash: String
    var hash: String

    /// `record` chained after `previousHash` as number `seq`; `json` is its canonical JSON.
    init(seq: Int64, record: DecisionRecord, json: String, previousHash: String) {
        self.init(seq: seq, decisionID: record.decisionID, timestamp: record.timestamp, path: record.path,
                  allowed: record.allowed, subject: record.subject, errorCode: record.errorCode, json: json,
                  previousHash: previousHash, hash: DecisionStore.chainHash(previous: previousHash, canonicalJSON: json))
    }

    init(seq: Int64, decisionID: String, timestamp: Int64, path: String, allowed: Bool?, subject: String?,
         errorCode: String?, json: String, previousHash: String, hash: String) {
        self.seq = seq
        self.decisionID = decisionID
        self.timestamp = timestamp
        self.path = path
        self.allowed = allowed
        self.subject = subject
        self.errorCode = errorCode
        self.json = json
        self.previousHash = previousHash
        self.hash = hash
    }
}
