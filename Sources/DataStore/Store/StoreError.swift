/// Why a store operation failed: each case has a stable `code` the HTTP layer maps to a status,
/// and a `message` saying what is wrong, where, and how to fix it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path could not be parsed (bad percent-encoding, empty segment, …).
    case badPath(path: String, reason: String)
    /// Nothing exists at the path (DELETE of a missing document, a missing parent, an array index out of range).
    case notFound(path: String)
    /// Something already exists at the path and the write asked for absence (`If-None-Match: *`; OPA answers 304).
    case exists(path: String)
    /// The write cannot be applied to what is there (writing a key into a string, a non-object root, …).
    case conflict(path: String, reason: String)
    /// A JSON Patch operation failed; `index` is the 0-based position of the operation in the patch.
    case badPatch(index: Int, path: String, message: String)
    /// The SQLite file could not be opened, read or written.
    case storage(message: String)
    /// A policy or data file could not be loaded.
    case file(FileError)

    /// A stable, machine-readable code (tests and the HTTP layer match on it, never on the message).
    public var code: String {
        switch self {
        case .badPath: "bad_path"
        case .notFound: "not_found"
        case .exists: "exists"
        case .conflict: "conflict"
        case .badPatch: "bad_patch"
        case .storage: "storage_error"
        case .file: "file_error"
        }
    }

    /// A human message: what is wrong, where, and how to fix it.
    public var message: String {
        switch self {
        case .badPath(let path, let reason):
            "bad data path \"\(path)\": \(reason); write it as slash-separated, percent-encoded keys such as a/b/c"
        case .notFound(let path):
            "no document at data path \"\(path)\"; check the path, or write a document there first"
        case .exists(let path):
            "a document already exists at data path \"\(path)\"; drop If-None-Match to replace it"
        case .conflict(let path, let reason):
            "cannot write data path \"\(path)\": \(reason)"
        case .badPatch(let index, let path, let message):
            "patch operation \(index) (path \"\(path)\") failed: \(message); no operation of the patch was applied"
        case .storage(let message):
            "storage error: \(message)"
        case .file(let error):
            error.description
        }
    }

    public var description: String { message }
}
