import Yams

/// Reads one entry of `pipelines:`.
enum PipelineParser {
    static let keys = "methods, decision, transform, connector, status, format, xml_root, csv"

    static func pipeline(named name: String, _ node: Node, connectors: [String: ConnectorDefinition]) throws(ConfigurationError) -> PipelineDefinition {
        let prefix = "pipelines." + name
        let entries = try ConfigurationValue.mapping(node, prefix, expecting: keys)
        guard let decisionNode = entries.first(where: { $0.key == "decision" })?.value else {
            throw .at(node, key: prefix + ".decision", "missing: every pipeline names its decision rule, such as decision: data.orders.decision")
        }
        var pipeline = PipelineDefinition(name: name, decision: try IntegrationConfiguration.rulePath(decisionNode, key: prefix + ".decision"))
        for entry in entries {
            let key = prefix + "." + entry.key
            switch entry.key {
            case "decision": break
            case "methods":
                let methods = try ConfigurationValue.strings(entry.value, key).map { $0.uppercased() }
                let known: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
                guard !methods.isEmpty, methods.allSatisfy(known.contains) else {
                    throw .at(entry.value, key: key, "expected a list of GET, POST, PUT, PATCH, DELETE")
                }
                pipeline.methods = methods
            case "transform":
                pipeline.transform = try IntegrationConfiguration.rulePath(entry.value, key: key)
            case "connector":
                let text = try ConfigurationValue.string(entry.value, key)
                let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw .at(entry.value, key: key, "expected connector.operation such as orders-db.insert")
                }
                guard let connector = connectors[parts[0]] else {
                    let known = connectors.keys.sorted()
                    throw .at(entry.value, key: key, "no connector named \(parts[0]) under connectors:" + (known.isEmpty ? "" : " (there are \(known.joined(separator: ", ")))"))
                }
                guard connector.operationNames.contains(parts[1]) else {
                    throw .at(entry.value, key: key, "connector \(parts[0]) has no operation \(parts[1]); it has \(connector.operationNames.sorted().joined(separator: ", "))")
                }
                pipeline.connector = ConnectorReference(connector: parts[0], operation: parts[1])
            case "status":
                pipeline.successStatus = try ConfigurationValue.int(entry.value, key, in: 200...299)
            case "format":
                let text = try ConfigurationValue.string(entry.value, key)
                guard let media = MediaType(rawValue: text), media != .form else {
                    throw .at(entry.value, key: key, "expected json, xml or csv")
                }
                pipeline.format = media
            case "xml_root":
                let root = try ConfigurationValue.string(entry.value, key)
                guard let first = root.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
                      !root.contains(" "), !root.contains("<"), !root.contains(">") else {
                    throw .at(entry.value, key: key, "expected an XML element name such as order")
                }
                pipeline.xmlRoot = root
            case "csv":
                for option in try ConfigurationValue.mapping(entry.value, key, expecting: "delimiter, header") {
                    let optionKey = key + "." + option.key
                    switch option.key {
                    case "delimiter":
                        let text = try ConfigurationValue.string(option.value, optionKey)
                        let delimiter = text == "\\t" ? "\t" : text
                        guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte != UInt8(ascii: "\""), byte != 10, byte != 13 else {
                            throw .at(option.value, key: optionKey, "expected one ASCII character such as , ; | or \\t (not a quote or line break)")
                        }
                        pipeline.csv.delimiter = byte
                    case "header":
                        pipeline.csv.header = try ConfigurationValue.bool(option.value, optionKey)
                    default:
                        throw .at(option.keyNode, key: optionKey, "unknown key; expected one of delimiter, header")
                    }
                }
            default:
                throw .at(entry.keyNode, key: key, "unknown key; expected one of \(keys)")
            }
        }
        return pipeline
    }
}
