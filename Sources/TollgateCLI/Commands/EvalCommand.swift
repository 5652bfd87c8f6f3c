import ArgumentParser
import Foundation
import Integration
import RegoEngine
import RegoSyntax
import RegoValue
import Sidecar

/// `tollgate eval`: evaluates a query like `opa eval`, with the same flags and JSON output.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a Rego query (output as `opa eval`).")

    @Option(name: [.customShort("d"), .long], help: "Policy or data file or folder (repeatable).")
    var data: [String] = []

    @Option(name: [.customShort("i"), .long], help: "Input document file (JSON or YAML).")
    var input: String?

    @Flag(name: [.customShort("I"), .long], help: "Read the input document from standard input.")
    var stdinInput = false

    @Option(name: [.customShort("f"), .long], help: "Output format: json, pretty or raw.")
    var format: OutputFormat = .json

    @Flag(help: "Builtin errors abort evaluation instead of making the call undefined.")
    var strictBuiltinErrors = false

    @Option(help: "Evaluation time limit (e.g. 500ms, 5s, 1m).")
    var timeout: String?

    @Flag(help: "Exit with status 1 when the result is undefined.")
    var fail = false

    @Flag(help: "Exit with status 1 when the result is defined.")
    var failDefined = false

    @Argument(help: "The query, e.g. data.authz.allow")
    var query: String

    func run() throws {
        let evaluation = Evaluation(data: data, inputPath: input, stdinInput: stdinInput, strict: strictBuiltinErrors, timeout: timeout)
        let outcome = evaluation.run(query)
        let printer = EvalPrinter(format: format)
        switch outcome {
        case .failure(let errors, let sources):
            print(printer.render(errors: errors, sources: sources))
            throw ExitCode(2)
        case .success(let results, let query):
            print(printer.render(results: results, query: query))
            if fail && results.isEmpty { throw ExitCode(1) }
            if failDefined && !results.isEmpty { throw ExitCode(1) }
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, Sendable {
    case json, pretty, raw
}

/// Loads policies, data and input, compiles and evaluates one query.
struct Evaluation {
    var data: [String]
    var inputPath: String?
    var stdinInput: Bool
    var strict: Bool
    var timeout: String?

    enum Outcome {
        case success([QueryResult], PreparedQuery)
        case failure([RegoError], [String: String])
    }

    func run(_ queryText: String) -> Outcome {
        var loader = PolicyLoader()
        loader.load(data)
        var inputValue: Value?
        if stdinInput {
            let bytes = FileHandle.standardInput.readDataToEndOfFile()
            inputValue = readDocument(String(decoding: bytes, as: UTF8.self), name: "<stdin>", json: true, &loader.errors)
        } else if let inputPath {
            if let text = try? String(contentsOfFile: inputPath, encoding: .utf8) {
                let json = !(inputPath.hasSuffix(".yaml") || inputPath.hasSuffix(".yml"))
                inputValue = readDocument(text, name: inputPath, json: json, &loader.errors)
            } else {
                loader.errors.append(RegoError(code: "file_error", message: "\(inputPath): cannot read input file", location: nil))
            }
        }
        var timeoutNanoseconds: UInt64?
        if let timeout {
            guard let ns = parseDuration(timeout) else {
                return .failure([RegoError(code: "invalid_parameter", message: "--timeout \(timeout): expected a duration such as 500ms, 5s or 1m", location: nil)], [:])
            }
            timeoutNanoseconds = ns
        }
        guard loader.errors.isEmpty else { return .failure(RegoErrors(loader.errors).errors, loader.sources) }
        do {
            let policy = try PolicySet(modules: loader.modules, data: loader.data, builtins: .tollgate)
            let query = try PreparedQuery(queryText, policy: policy)
            let options = EvaluationOptions(strictBuiltinErrors: strict, timeoutNanoseconds: timeoutNanoseconds)
            return .success(try query.evaluate(input: inputValue, options: options), query)
        } catch let errors as RegoErrors {
            return .failure(errors.errors, loader.sources)
        } catch let error as RegoError {
            return .failure([error], loader.sources)
        } catch {
            return .failure([RegoError(code: "internal_error", message: "\(error)", location: nil)], loader.sources)
        }
    }

    func readDocument(_ text: String, name: String, json: Bool, _ errors: inout [RegoError]) -> Value? {
        if json {
            do { return try JSONReader.parse(text) } catch {
                errors.append(RegoError(code: "file_error", message: "invalid JSON input: \(error.message)", location: Location(file: name, line: error.line, column: error.column)))
                return nil
            }
        }
        do { return try YAMLConversion.parse(text) } catch {
            errors.append(RegoError(code: "file_error", message: "invalid YAML input: \(error.message)", location: Location(file: name, line: 1, column: 1)))
            return nil
        }
    }
}
