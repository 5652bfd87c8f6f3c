import RegoValue

/// One immutable, consistent view of everything the store holds. Readers take a snapshot and use
/// it for a whole evaluation; writers publish a new one after their change is durable.
public struct Snapshot: Sendable {
    /// The effective `data` document: the file data with every API operation replayed in order.
    public let data: Value
    /// Policies loaded from the policies folder, by id (path relative to the folder).
    public let filePolicies: [String: String]
    /// Policies written through the API (`PUT /v1/policies/{id}`), by id.
    public let apiPolicies: [String: String]
    /// Increases by one on every change (data write, policy write, file reload that changed something).
    /// It restarts at 1 when the store is opened.
    public let revision: Int
    /// Files that could not be loaded on the last reload.
    public let fileErrors: [FileError]
    /// Stored API operations that no longer apply to the current file data (for example a write
    /// below a key that a data file has since turned into a string); they are kept but skipped.
    public let skippedOperations: [String]

    /// Makes a snapshot (the store makes them; tests and embedders may too).
    public init(data: Value, filePolicies: [String: String], apiPolicies: [String: String], revision: Int,
                fileErrors: [FileError], skippedOperations: [String] = []) {
        self.data = data
        self.filePolicies = filePolicies
        self.apiPolicies = apiPolicies
        self.revision = revision
        self.fileErrors = fileErrors
        self.skippedOperations = skippedOperations
    }
}
