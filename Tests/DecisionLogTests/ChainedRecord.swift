@testable import DecisionLog

/// A record as it sits in the chain, with its strings copied out: what the tests build frames from
/// and compare frames read back with.
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

extension JournalFrame {
    /// Appends the frame of a chained record to `bytes`.
    static func append(_ record: ChainedRecord, to bytes: inout [UInt8]) {
        var fields = DecisionRecord(decisionID: record.decisionID, timestamp: record.timestamp, path: record.path)
        fields.allowed = record.allowed
        fields.subject = record.subject
        fields.errorCode = record.errorCode
        append(seq: record.seq, record: fields, json: Array(record.json.utf8), previousHash: Array(record.previousHash.utf8),
               hash: Array(record.hash.utf8), to: &bytes)
    }
}

extension JournalFrame.View {
    /// The frame as a chained record, its strings copied out of `buffer`.
    func record(in buffer: UnsafeRawBufferPointer) -> ChainedRecord {
        ChainedRecord(seq: seq, decisionID: text(.decisionID, in: buffer) ?? "", timestamp: timestamp,
                      path: text(.path, in: buffer) ?? "", allowed: allowed, subject: text(.subject, in: buffer),
                      errorCode: text(.errorCode, in: buffer), json: text(.json, in: buffer) ?? "",
                      previousHash: text(.previousHash, in: buffer) ?? "", hash: text(.hash, in: buffer) ?? "")
    }
}
