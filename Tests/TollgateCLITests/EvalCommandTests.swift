import Foundation
import RegoValue
import Testing
@testable import TollgateCLI

/// The project root, found from this file's location.
let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func path(_ relative: String) -> String { projectRoot.appendingPathComponent(relative).path }

@Suite struct EvalCommandTests {
    func evaluate(_ query: String, input: String? = nil, data: [String] = [path("policies"), path("data")]) -> Evaluation.Outcome {
        Evaluation(data: data, inputPath: input, stdinInput: false, strict: false, timeout: nil).run(query)
    }

    @Test func shippedPolicyTestsAllPass() throws {
        guard case .success(let results, _) = evaluate("data.httpapi.authz_test") else {
            Issue.record("the shipped policies do not compile")
            return
        }
        let tests = try #require(results.first?.expressions.first?.objectValue)
        #expect(tests.count >= 6)
        for (name, value) in tests { #expect(value == .bool(true), "\(name) failed") }
    }

    @Test func shippedOrdersPolicyTestsAllPass() throws {
        guard case .success(let results, _) = evaluate("data.orders_test") else {
            Issue.record("the shipped orders policies do not compile")
            return
        }
        let tests = try #require(results.first?.expressions.first?.objectValue)
        let cases = tests.filter { $0.key.stringValue?.hasPrefix("test_") == true }
        #expect(cases.count >= 5)
        for (name, value) in cases { #expect(value == .bool(true), "\(name) failed") }
    }

    @Test func shippedExampleInputIsAllowed() {
        guard case .success(let results, _) = evaluate("data.httpapi.authz.allow", input: path("examples/input.json")) else {
            Issue.record("evaluation failed")
            return
        }
        #expect(results.first?.expressions.first == .bool(true))
    }

    @Test func jsonOutputHasOPAShape() {
        guard case .success(let results, let query) = evaluate("x := 1 + 2; y := x * 2", data: []) else {
            Issue.record("evaluation failed")
            return
        }
        let doc = EvalPrinter(format: .json).resultDocument(results, query)
        let row = doc[.string("result")]?[.int(0)]
        #expect(row?[.string("bindings")] == ["x": 3, "y": 6])
        #expect(row?[.string("expressions")]?[.int(0)]?[.string("text")] == "x := 1 + 2")
        #expect(row?[.string("expressions")]?[.int(1)]?[.string("location")] == ["row": 1, "col": 13])
    }

    @Test func undefinedPrintsEmptyObject() {
        guard case .success(let results, let query) = evaluate("data.nothing.here", data: []) else {
            Issue.record("evaluation failed")
            return
        }
        #expect(results.isEmpty)
        #expect(EvalPrinter(format: .json).render(results: results, query: query) == "{}")
    }

    @Test func compileErrorsCarryCodeAndLocation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.rego").path
        try "package bad\n\nallow if {\n\tx > 1\n}\n".write(toFile: file, atomically: true, encoding: .utf8)
        guard case .failure(let errors, _) = evaluate("data.bad.allow", data: [file]) else {
            Issue.record("an unsafe variable must be an error")
            return
        }
        #expect(errors.first?.code == "rego_unsafe_var_error")
        #expect(errors.first?.location?.line == 4)
        #expect(errors.first?.location?.file == file)
    }

    @Test func recursionIsACompileError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("loop.rego").path
        try "package loop\n\nf(x) := y if {\n\ty := f(x + 1)\n}\n\np := f(1)\n".write(toFile: file, atomically: true, encoding: .utf8)
        guard case .failure(let errors, _) = evaluate("data.loop.p", data: [file]) else {
            Issue.record("recursion must be an error")
            return
        }
        #expect(errors.first?.code == "rego_recursion_error")
    }

    @Test func hugeRangeComprehensionEndsAtDeadline() {
        let e = Evaluation(data: [], inputPath: nil, stdinInput: false, strict: false, timeout: "200ms")
        guard case .failure(let errors, _) = e.run("x := count([y | some x in numbers.range(1, 3000000); some y in numbers.range(1, 3000000)])") else {
            Issue.record("a huge comprehension must fail, not run for ever")
            return
        }
        #expect(errors.first?.code == "eval_cancel_error")
        #expect(errors.first?.location?.line == 1)
    }

    @Test func deeplyNestedInputIsAClearError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("deep.json").path
        try (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).write(toFile: file, atomically: true, encoding: .utf8)
        guard case .failure(let errors, _) = evaluate("input", input: file, data: []) else {
            Issue.record("100,000-deep input must be refused")
            return
        }
        #expect(errors.first?.location?.file == file)
    }
}
