import Foundation
import RegoEngine
import RegoSyntax
import RegoValue
import Sidecar
import Yams

/// Loads `.rego`, `.json` and `.yaml` files (or folders of them) the way `opa eval -d` does:
/// policies are parsed; a data file's contents are merged into `data` at the path of the folder
/// it sits in, relative to the folder given on the command line.
struct PolicyLoader {
    var modules: [Module] = []
    var sources: [String: String] = [:]
    var data: Value = .object(RegoObject())
    var errors: [RegoError] = []

    mutating func load(_ paths: [String]) {
        // A command loads once, then evaluates and ends: the allocator's loading settings stay.
        AllocatorSettings.forLoading()
        for path in paths { load(path) }
    }

    mutating func load(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            errors.append(RegoError(code: "file_error", message: "\(path): no such file or directory", location: nil))
            return
        }
        if !isDirectory.boolValue {
            loadFile(path, dataPrefix: [])
            return
        }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return }
        var files: [String] = []
        while let relative = walker.nextObject() as? String { files.append(relative) }
        for relative in files.sorted() {
            let full = (path as NSString).appendingPathComponent(relative)
            var dir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue else { continue }
            let prefix = (relative as NSString).deletingLastPathComponent.split(separator: "/").map(String.init)
            loadFile(full, dataPrefix: prefix)
        }
    }

    mutating func loadFile(_ path: String, dataPrefix: [String]) {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["rego", "json", "yaml", "yml"].contains(ext) else { return }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            errors.append(RegoError(code: "file_error", message: "\(path): cannot be read as UTF-8 text", location: nil))
            return
        }
        switch ext {
        case "rego":
            sources[path] = text
            do { modules.append(try RegoParser.parseModule(text, file: path)) } catch { errors.append(contentsOf: error.errors) }
        case "json":
            do { merge(try JSONReader.parse(text), at: dataPrefix, from: path) } catch {
                errors.append(RegoError(code: "file_error", message: "invalid JSON: \(error.message)", location: Location(file: path, line: error.line, column: error.column)))
            }
        default:
            do { merge(try YAMLConversion.parse(text), at: dataPrefix, from: path) } catch {
                errors.append(RegoError(code: "file_error", message: "invalid YAML: \(error.message)", location: Location(file: path, line: 1, column: 1)))
            }
        }
    }

    mutating func merge(_ value: Value, at prefix: [String], from path: String) {
        var wrapped = value
        for key in prefix.reversed() { wrapped = .object(RegoObject([(key, wrapped)])) }
        guard case .object = wrapped else {
            errors.append(RegoError(code: "file_error", message: "\(path): a data file at the root must hold a JSON object", location: Location(file: path, line: 1, column: 1)))
            return
        }
        if let merged = PolicyLoader.merge(data, wrapped) { data = merged } else {
            errors.append(RegoError(code: "file_error", message: "\(path): its data conflicts with data loaded from another file at the same path", location: Location(file: path, line: 1, column: 1)))
        }
    }

    /// Deep-merges objects; nil when both sides define the same non-object path.
    static func merge(_ a: Value, _ b: Value) -> Value? {
        guard case .object(var left) = a, case .object(let right) = b else { return nil }
        for (k, v) in right {
            if let existing = left[k] {
                guard let m = merge(existing, v) else { return nil }
                left[k] = m
            } else {
                left[k] = v
            }
        }
        return .object(left)
    }
}
