import Testing
@testable import RegoEngine
import RegoSyntax
import RegoValue

/// `# METADATA` annotations, as `rego.metadata.rule()` and `rego.metadata.chain()` give them.
@Suite struct AnnotationTests {
    func evaluate(_ modules: [String], _ query: String) throws -> Value? {
        let parsed = try modules.enumerated().map { try RegoParser.parseModule($1, file: "m\($0).rego") }
        return try PreparedQuery(query, policy: PolicySet(modules: parsed)).evaluate(input: nil).first?.expressions.first
    }

    @Test func aRuleSeesItsAnnotationsWithAuthorsAsNamesAndEmails() throws {
        let module = """
            package app.authz

            # METADATA
            # title: Allow readers
            # authors:
            # - Security Team <security@example.com>
            # - Alice
            # related_resources:
            # - https://example.com/policy

            allow := rego.metadata.rule()
            other := rego.metadata.rule()
            """
        let expected: Value = [
            "title": "Allow readers", "scope": "rule",
            "authors": [["name": "Security Team", "email": "security@example.com"], ["name": "Alice"]],
            "related_resources": [["ref": "https://example.com/policy"]],
        ]
        #expect(try evaluate([module], "data.app.authz.allow") == expected)
        #expect(try evaluate([module], "data.app.authz.other") == .emptyObject)
    }

    @Test func theChainGoesFromTheRuleToItsDocumentPackageAndParentPackages() throws {
        let parent = "# METADATA\n# scope: subpackages\n# description: every app policy\npackage app\n"
        let module = """
            # METADATA
            # title: authorization
            package app.authz

            # METADATA
            # scope: document
            # description: the allow document
            allow := false if { false }

            # METADATA
            # title: this rule
            allow := rego.metadata.chain()
            """
        let chain = try #require(try evaluate([parent, module], "data.app.authz.allow"))
        #expect(chain == [
            ["path": ["app", "authz", "allow"], "annotations": ["title": "this rule", "scope": "rule"]],
            ["path": ["app", "authz", "allow"], "annotations": ["description": "the allow document", "scope": "document"]],
            ["path": ["app", "authz"], "annotations": ["title": "authorization", "scope": "package"]],
            ["path": ["app"], "annotations": ["description": "every app policy", "scope": "subpackages"]],
        ])
    }

    @Test func aBadAnnotationIsAnErrorAtItsBlock() {
        let unknown = "package t\n\n# METADATA\n# titel: typo\np := 1\n"
        let error = #expect(throws: RegoErrors.self) { try evaluate([unknown], "data.t.p") }
        let first = error?.errors.first
        #expect(first?.code == RegoError.parse)
        #expect(first?.location?.line == 3)
        #expect(first?.message.hasPrefix(#"annotation: unknown key "titel" (use authors, custom"#) == true)
        let scope = "package t\n\n# METADATA\n# scope: package\np := 1\n"
        let scopeError = #expect(throws: RegoErrors.self) { try evaluate([scope], "data.t.p") }
        #expect(scopeError?.errors.first?.message == #"annotation: `scope` must be rule or document here but is "package""#)
    }

    @Test func inAQueryTheCallsGiveNothingToFind() throws {
        #expect(try evaluate(["package t\n"], "rego.metadata.rule()") == .emptyObject)
        #expect(try evaluate(["package t\n"], "rego.metadata.chain()") == .array([]))
    }
}
