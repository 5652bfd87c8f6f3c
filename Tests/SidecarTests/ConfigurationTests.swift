import Integration
import Testing
@testable import Sidecar

@Suite struct ConfigurationTests {
    @Test func emptyFileGivesDefaults() throws {
        let config = try SidecarConfiguration.parse("")
        #expect(config == SidecarConfiguration())
        #expect(config.address == "127.0.0.1:8181")
        #expect(config.statePath == "var/tollgate.sqlite")
    }

    @Test func readsEveryKey() throws {
        let config = try SidecarConfiguration.parse("""
            addr: 0.0.0.0:9000
            policies: p
            data: d
            state: s.sqlite
            reload_interval: 2s
            admin_token: secret
            limits:
              max_body_bytes: 1024
              eval_timeout: 250ms
            """)
        #expect(config.address == "0.0.0.0:9000")
        #expect(config.policiesPath == "p")
        #expect(config.dataPath == "d")
        #expect(config.statePath == "s.sqlite")
        #expect(config.reloadIntervalNanoseconds == 2_000_000_000)
        #expect(config.adminToken == "secret")
        #expect(config.limits.maxBodyBytes == 1024)
        #expect(config.limits.evaluationTimeoutNanoseconds == 250_000_000)
    }

    @Test func unknownKeyNamesKeyAndLine() {
        do {
            _ = try SidecarConfiguration.parse("addr: 127.0.0.1:8181\npolicy: x\n")
            Issue.record("an unknown key must be refused")
        } catch {
            #expect(error.key == "policy")
            #expect(error.line == 2)
        }
    }

    @Test func wrongValueNamesNestedKeyAndLine() {
        do {
            _ = try SidecarConfiguration.parse("limits:\n  eval_timeout: soon\n")
            Issue.record("a bad duration must be refused")
        } catch {
            #expect(error.key == "limits.eval_timeout")
            #expect(error.line == 2)
        }
    }

    @Test func subjectPathTakesOneOrSeveralInputPaths() throws {
        let one = try SidecarConfiguration.parse("decision_log:\n  subject_path: input.user\n")
        #expect(one.decisionLog.subjectPaths == [["user"]])
        let several = try SidecarConfiguration.parse("decision_log:\n  subject_path: [input.subject.user, headers.x-user]\n")
        #expect(several.decisionLog.subjectPaths == [["subject", "user"], ["headers", "x-user"]])
        let error = #expect(throws: ConfigurationError.self) { try SidecarConfiguration.parse("decision_log:\n  subject_path: []\n") }
        #expect(error?.key == "decision_log.subject_path")
    }

    @Test func booleansAndNumbersAreReadFromUnquotedText() throws {
        for (text, expected) in [("false", false), ("No", false), ("OFF", false), ("true", true), ("yes", true), ("On", true)] {
            let config = try SidecarConfiguration.parse("decision_log:\n  enabled: \(text)\n")
            #expect(config.decisionLog.enabled == expected, "enabled: \(text)")
        }
        for text in ["\"false\"", "'true'", "maybe", "1", "tRUE"] {
            let error = #expect(throws: ConfigurationError.self, "enabled: \(text)") {
                try SidecarConfiguration.parse("decision_log:\n  enabled: \(text)\n")
            }
            #expect(error?.key == "decision_log.enabled")
            #expect(error?.line == 2)
        }
        let numbers = try SidecarConfiguration.parse("limits:\n  max_body_bytes: 1_024\ndecision_log:\n  buffer: 0x10\n")
        #expect(numbers.limits.maxBodyBytes == 1024)
        #expect(numbers.decisionLog.bufferSize == 16)
        #expect(throws: ConfigurationError.self) { try SidecarConfiguration.parse("decision_log:\n  buffer: '16'\n") }
    }

    @Test func badAddressIsRefused() {
        #expect(throws: ConfigurationError.self) { try SidecarConfiguration.parse("addr: localhost\n") }
    }

    @Test func shippedFileMatchesDefaultsBesideTheWorkedExample() throws {
        var config = try SidecarConfiguration.load(file: projectFile("tollgate.yaml"), required: true)
        #expect(config.integration.pipelines.map(\.name) == ["create-order", "list-orders"])
        #expect(config.integration.connectors.keys.sorted() == ["orders-db"])
        #expect(config.integration.routePrefix == "/api")
        config.integration = IntegrationConfiguration()
        #expect(config == SidecarConfiguration())
    }
}

func projectFile(_ name: String) -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent(name).path
}

import Foundation
