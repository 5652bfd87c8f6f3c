import Foundation
import RegoValue

/// The policy and data files of the sidecar, loaded from two folders.
///
/// - Policies: every `.rego` file below the policies folder, keyed by its path relative to the
///   folder (`httpapi/authz.rego`).
/// - Data: every `.json`, `.yaml` and `.yml` file below the data folder, placed at the path of the
///   folder it sits in, as `tollgate eval -d` and `opa eval -d` do: `data/users/roles.json` holding
///   `{"alice": …}` becomes `data.users.alice`; files at the root (`data.json`) must hold objects
///   and merge at the root. Two files defining the same non-object path conflict.
///
/// Hidden files and folders (names starting with `.`) are skipped, as are other extensions. A
/// missing folder is empty. A file with an error is left out and its error reported; the rest loads.
public struct FileTree: Sendable {
    /// Policy texts by id (path relative to the policies folder).
    public var policies: [String: String] = [:]
    /// The merged data documents (an object).
    public var data: Value = .emptyObject
    /// Every file that could not be loaded, in file order.
    public var errors: [FileError] = []

    static let policyExtensions: Set<String> = ["rego"]
    static let dataExtensions: Set<String> = ["json", "yaml", "yml"]

    /// An empty tree.
    public init() {}

    /// Loads both folders (either may be nil: nothing loaded from it).
    public init(policiesFolder: String?, dataFolder: String?) {
        if let policiesFolder { loadPolicies(in: policiesFolder) }
        if let dataFolder { loadData(in: dataFolder) }
    }

    /// Adds every `.rego` file below `folder`.
    public mutating func loadPolicies(in folder: String) {
        if let problem = Self.folderProblem(folder) { errors.append(problem); return }
        for relative in Self.files(in: folder, extensions: Self.policyExtensions) {
            let full = (folder as NSString).appendingPathComponent(relative)
            do { policies[relative] = try Self.readText(full) } catch { errors.append(error) }
        }
    }

    /// Merges every data file below `folder` into `data`.
    public mutating func loadData(in folder: String) {
        if let problem = Self.folderProblem(folder) { errors.append(problem); return }
        // What each loaded file contributed, so a conflict can name the file it conflicts with.
        var contributions: [(file: String, document: Value)] = []
        for relative in Self.files(in: folder, extensions: Self.dataExtensions) {
            let full = (folder as NSString).appendingPathComponent(relative)
            do throws(FileError) {
                let value = try Self.readData(full)
                let prefix = (relative as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
                var document = value
                for key in prefix.reversed() { document = .object(RegoObject([(key, document)])) }
                guard case .object = document else {
                    throw FileError(path: full, message: "a data file at the root of the data folder must hold an object (it holds a \(value.typeName)); move it into a folder named after the key it should have")
                }
                switch Self.merge(data, document, at: []) {
                case .merged(let merged):
                    data = merged
                    contributions.append((full, document))
                case .conflict(let segments):
                    let at = DataPath(segments: segments)
                    let other = contributions.first { $0.document.value(at: at) != nil }?.file ?? "another file"
                    throw FileError(path: full, message: "data path \"\(at.urlPath)\" is defined both here and in \(other); define it in one file only")
                }
            } catch {
                errors.append(error)
            }
        }
    }

    /// The relative paths of the non-hidden files below `folder` with one of `extensions`, sorted.
    static func files(in folder: String, extensions: Set<String>) -> [String] {
        FolderWalk.files(in: folder, extensions: extensions)
    }

    private static func folderProblem(_ folder: String) -> FileError? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? nil : FileError(path: folder, message: "expected a folder but found a file; point the setting at the folder that holds it")
    }

    private static func readText(_ path: String) throws(FileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, message: "cannot be read; check that it exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(path: path, message: "is not UTF-8 text; save it as UTF-8")
        }
        return text
    }

    private static func readData(_ path: String) throws(FileError) -> Value {
        let text = try readText(path)
        if (path as NSString).pathExtension.lowercased() == "json" {
            do {
                return try JSONReader.parse(text)
            } catch {
                throw FileError(path: path, line: error.line, column: error.column, message: "invalid JSON: \(error.message)")
            }
        }
        return try YAMLReader.parse(text, path: path)
    }

    /// The outcome of merging two documents.
    enum Merge {
        case merged(Value)
        /// Both sides define `segments` and at least one of them is not an object there.
        case conflict([String])
    }

    /// Deep-merges objects; any other pair defined at the same path is a conflict.
    static func merge(_ left: Value, _ right: Value, at segments: [String]) -> Merge {
        guard case .object(var merged) = left, case .object(let additions) = right else { return .conflict(segments) }
        for (key, value) in additions {
            guard let existing = merged[key] else { merged[key] = value; continue }
            switch merge(existing, value, at: segments + [key.stringValue ?? key.jsonText]) {
            case .merged(let inner): merged[key] = inner
            case .conflict(let at): return .conflict(at)
            }
        }
        return .merged(.object(merged))
    }
}
