import ArgumentParser
import Foundation
import Integration
import RegoEngine
import RegoSyntax

/// `tollgate check`: parses and compiles policies, printing every error with a caret.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and compile policy files; report every error as file:line:col.")

    @Argument(help: "Policy files or folders.")
    var paths: [String]

    func run() throws {
        var loader = PolicyLoader()
        loader.load(paths)
        var errors = loader.errors
        if errors.isEmpty {
            do { _ = try PolicySet(modules: loader.modules, data: loader.data, builtins: .tollgate) } catch { errors = error.errors }
        }
        guard !errors.isEmpty else { return }
        let d = Diagnostics(sources: loader.sources)
        var text = RegoErrors(errors).errors.map(d.render).joined(separator: "\n") + "\n"
        text += "\(errors.count) error\(errors.count == 1 ? "" : "s")\n"
        FileHandle.standardError.write(Data(text.utf8))
        throw ExitCode(1)
    }
}
