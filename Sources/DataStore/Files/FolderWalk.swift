#if canImport(Glibc)
import Glibc
#endif

/// The files below a folder, listed with the C library's directory calls.
///
/// The reload service lists both folders twice a second for as long as the sidecar runs, on a
/// thread that shares the cores with requests. Foundation's `attributesOfItem` read `/etc/passwd`
/// and `/etc/group` for every file (to name its owner) and its enumerator stats every entry: about
/// 1.2 ms for the twelve files of the bench bundle, twice a second, during which a request that
/// woke on that core waited. Here a folder costs one `readdir` per entry, and a file one `stat`.
enum FolderWalk {
    /// How deep below the folder files are looked for: deeper folders are not listed.
    static let maximumDepth = 64

    /// The relative paths of the non-hidden files below `folder` whose extension (lowercased) is one
    /// of `extensions`, sorted. Hidden files and folders (names starting with `.`) are skipped with
    /// everything below them; a symbolic link counts as the file it points to, and a link to a
    /// folder is not followed. A missing or unreadable folder lists nothing.
    static func files(in folder: String, extensions: Set<String>) -> [String] {
        var found: [String] = []
        collect(folder, relative: "", extensions: extensions, depth: 0, into: &found)
        return found.sorted()
    }

    /// The size and modification time (seconds since 1970) of the file at `path`, following
    /// symbolic links (a Kubernetes ConfigMap volume updates a file by swapping a link further up,
    /// and the link at the file's own name never changes); nil when there is none.
    static func status(of path: String) -> (size: Int, modified: Double)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1_000_000_000)
    }

    private static func collect(_ folder: String, relative: String, extensions: Set<String>, depth: Int, into found: inout [String]) {
        guard depth < maximumDepth, let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            // Also `.` and `..`.
            guard !name.hasPrefix(".") else { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let child = relative.isEmpty ? name : relative + "/" + name
            switch kind(of: entry.pointee.d_type, at: path) {
            case .folder:
                collect(path, relative: child, extensions: extensions, depth: depth + 1, into: &found)
            case .file:
                if extensions.contains(pathExtension(name)) { found.append(child) }
            case .link:
                var info = stat()
                if extensions.contains(pathExtension(name)), stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                    found.append(child)
                }
            case .other:
                continue
            }
        }
    }

    private enum Kind { case folder, file, link, other }

    /// What an entry is, from its directory entry's type, or `lstat` where the file system does not
    /// say.
    private static func kind(of type: UInt8, at path: String) -> Kind {
        switch Int32(type) {
        case Int32(DT_DIR): return .folder
        case Int32(DT_REG): return .file
        case Int32(DT_LNK): return .link
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard lstat(path, &info) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .folder
            case S_IFREG: return .file
            case S_IFLNK: return .link
            default: return .other
            }
        default: return .other
        }
    }

    /// The lowercased text after the last `.` of `name`, or "" when it has none.
    private static func pathExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
