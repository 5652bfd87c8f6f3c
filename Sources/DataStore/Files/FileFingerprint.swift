import Foundation

/// What the loadable files of the policy and data folders look like on disk (relative paths,
/// sizes, modification times), read with one `stat` per file and no file contents: two equal
/// fingerprints mean nothing needs reloading.
public struct FileFingerprint: Sendable, Equatable {
    /// One loadable file.
    public struct Entry: Sendable, Equatable {
        public let path: String
        public let size: Int
        public let modified: Double
    }

    /// Every loadable file, sorted by path.
    public let entries: [Entry]

    /// Fingerprints `policiesFolder` (`.rego` files) and `dataFolder` (`.json`, `.yaml`, `.yml`).
    public init(policiesFolder: String?, dataFolder: String?) {
        var entries: [Entry] = []
        if let policiesFolder { entries += Self.entries(in: policiesFolder, extensions: FileTree.policyExtensions) }
        if let dataFolder { entries += Self.entries(in: dataFolder, extensions: FileTree.dataExtensions) }
        self.entries = entries
    }

    private static func entries(in folder: String, extensions: Set<String>) -> [Entry] {
        FileTree.files(in: folder, extensions: extensions).compactMap { relative in
            let full = (folder as NSString).appendingPathComponent(relative)
            // A file removed between listing and stat simply drops out; the next poll sees the change.
            guard let status = FolderWalk.status(of: full) else { return nil }
            return Entry(path: full, size: status.size, modified: status.modified)
        }
    }
}
