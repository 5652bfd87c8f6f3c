import Foundation
import Yams

/// Reads one entry of `connectors:`.
enum ConnectorParser {
    static func connector(_ node: Node, key: String) throws(ConfigurationError) -> ConnectorDefinition {
        let entries = try ConfigurationValue.mapping(node, key, expecting: "type: sqlite or type: http")
        guard let typeNode = entries.first(where: { $0.key == "type" })?.value else {
            throw .at(node, key: key + ".type", "missing: say type: sqlite or type: http")
        }
        switch try ConfigurationValue.string(typeNode, key + ".type") {
        case "sqlite": return .sqlite(try sqlite(entries, node: node, key: key))
        case "http": return .http(try http(entries, node: node, key: key))
        default: throw .at(typeNode, key: key + ".type", "expected sqlite or http")
        }
    }

    static func sqlite(_ entries: [(key: String, keyNode: Node, value: Node)], node: Node, key: String) throws(ConfigurationError) -> SQLiteConnectorDefinition {
        guard let pathNode = entries.first(where: { $0.key == "path" })?.value else {
            throw .at(node, key: key + ".path", "missing: the database file, such as path: var/orders.sqlite")
        }
        var definition = SQLiteConnectorDefinition(path: try ConfigurationValue.string(pathNode, key + ".path"))
        for entry in entries {
            let entryKey = key + "." + entry.key
            switch entry.key {
            case "type", "path": break
            case "schema": definition.schema = try ConfigurationValue.strings(entry.value, entryKey)
            case "operations": definition.operations = try operations(entry.value, key: entryKey, sqliteOperation)
            default:
                throw .at(entry.keyNode, key: entryKey, "unknown key; expected one of type, path, schema, operations")
            }
        }
        guard !definition.operations.isEmpty else {
            throw .at(node, key: key + ".operations", "missing: a sqlite connector needs at least one operation with sql:")
        }
        return definition
    }

    /// An `operations:` mapping, each entry read by `read(name, node, key)`.
    static func operations<Operation>(
        _ node: Node, key: String, _ read: (String, Node, String) throws(ConfigurationError) -> Operation
    ) throws(ConfigurationError) -> [Operation] {
        var out: [Operation] = []
        for op in try ConfigurationValue.mapping(node, key, expecting: "one entry per operation name") {
            try IntegrationConfiguration.checkName(op.key, node: op.keyNode, key: key)
            out.append(try read(op.key, op.value, key + "." + op.key))
        }
        return out
    }

    static func sqliteOperation(_ name: String, _ node: Node, key: String) throws(ConfigurationError) -> SQLiteConnectorDefinition.Operation {
        var statements: [String] = []
        var returns = SQLiteConnectorDefinition.Returns.changes
        var returnsGiven = false
        for entry in try ConfigurationValue.mapping(node, key, expecting: "sql:, returns:") {
            switch entry.key {
            case "sql": statements = try ConfigurationValue.strings(entry.value, key + ".sql")
            case "returns":
                let text = try ConfigurationValue.string(entry.value, key + ".returns")
                guard let r = SQLiteConnectorDefinition.Returns(rawValue: text) else {
                    throw .at(entry.value, key: key + ".returns", "expected rows, changes or last_id")
                }
                returns = r
                returnsGiven = true
            default:
                throw .at(entry.keyNode, key: key + "." + entry.key, "unknown key; expected one of sql, returns")
            }
        }
        guard !statements.isEmpty, statements.allSatisfy({ !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
            throw .at(node, key: key + ".sql", "missing: the statement(s) to run, with :name parameters")
        }
        if !returnsGiven, let last = statements.last, SQLiteConnectorDefinition.statement(last, startsWith: "SELECT") {
            returns = .rows
        }
        return .init(name: name, statements: statements, returns: returns)
    }

    static func http(_ entries: [(key: String, keyNode: Node, value: Node)], node: Node, key: String) throws(ConfigurationError) -> HTTPConnectorDefinition {
        guard let urlNode = entries.first(where: { $0.key == "url" })?.value else {
            throw .at(node, key: key + ".url", "missing: the upstream's base URL, such as url: http://127.0.0.1:9000")
        }
        var url = try ConfigurationValue.string(urlNode, key + ".url")
        while url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.split(separator: "/").count >= 2 else {
            throw .at(urlNode, key: key + ".url", "expected an http:// or https:// URL with a host")
        }
        var definition = HTTPConnectorDefinition(baseURL: url)
        for entry in entries {
            let entryKey = key + "." + entry.key
            switch entry.key {
            case "type", "url": break
            case "headers": definition.headers = try headers(entry.value, key: entryKey)
            case "timeout":
                definition.timeoutNanoseconds = try ConfigurationValue.duration(entry.value, entryKey)
                guard definition.timeoutNanoseconds > 0 else { throw .at(entry.value, key: entryKey, "expected a duration above zero, such as 2s") }
            case "retries": definition.retry.retries = try ConfigurationValue.int(entry.value, entryKey, in: 0...10)
            case "backoff": definition.retry.initialBackoffNanoseconds = try ConfigurationValue.duration(entry.value, entryKey)
            case "max_backoff": definition.retry.maxBackoffNanoseconds = try ConfigurationValue.duration(entry.value, entryKey)
            case "retry_non_idempotent": definition.retry.retryNonIdempotent = try ConfigurationValue.bool(entry.value, entryKey)
            case "breaker":
                for b in try ConfigurationValue.mapping(entry.value, entryKey, expecting: "failures:, open_for:") {
                    switch b.key {
                    case "failures": definition.breaker.failureThreshold = try ConfigurationValue.int(b.value, entryKey + ".failures", in: 0...1000)
                    case "open_for": definition.breaker.openNanoseconds = try ConfigurationValue.duration(b.value, entryKey + ".open_for")
                    default: throw .at(b.keyNode, key: entryKey + "." + b.key, "unknown key; expected one of failures, open_for")
                    }
                }
            case "operations": definition.operations = try operations(entry.value, key: entryKey, httpOperation)
            default:
                throw .at(entry.keyNode, key: entryKey, "unknown key; expected one of type, url, headers, timeout, retries, backoff, max_backoff, retry_non_idempotent, breaker, operations")
            }
        }
        guard !definition.operations.isEmpty else {
            throw .at(node, key: key + ".operations", "missing: an http connector needs at least one operation with method: and path:")
        }
        return definition
    }

    static func httpOperation(_ name: String, _ node: Node, key: String) throws(ConfigurationError) -> HTTPConnectorDefinition.Operation {
        var method = "POST", path = "", extra: [String: String] = [:]
        var body: Bool?
        for entry in try ConfigurationValue.mapping(node, key, expecting: "method:, path:, headers:, body:") {
            let entryKey = key + "." + entry.key
            switch entry.key {
            case "method":
                method = try ConfigurationValue.string(entry.value, entryKey).uppercased()
                guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(method) else {
                    throw .at(entry.value, key: entryKey, "expected GET, POST, PUT, PATCH, DELETE or HEAD")
                }
            case "path":
                path = try ConfigurationValue.string(entry.value, entryKey)
                guard path.isEmpty || path.hasPrefix("/") else { throw .at(entry.value, key: entryKey, "expected a path starting with /, such as /items/{item}") }
            case "headers": extra = try headers(entry.value, key: entryKey)
            case "body": body = try ConfigurationValue.bool(entry.value, entryKey)
            default:
                throw .at(entry.keyNode, key: entryKey, "unknown key; expected one of method, path, headers, body")
            }
        }
        var operation = HTTPConnectorDefinition.Operation(name: name, method: method, path: path, sendsBody: body)
        operation.headers = extra
        return operation
    }

    static func headers(_ node: Node, key: String) throws(ConfigurationError) -> [String: String] {
        var out: [String: String] = [:]
        for entry in try ConfigurationValue.mapping(node, key, expecting: "header names and values") {
            out[entry.key] = try ConfigurationValue.string(entry.value, key + "." + entry.key)
        }
        return out
    }
}
