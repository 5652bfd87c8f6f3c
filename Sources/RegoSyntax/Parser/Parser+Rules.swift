import RegoValue

/// Module structure: package, imports and rules.
extension Parser {
    /// Parses a whole module, recording errors and resynchronising at the next statement.
    mutating func parseModule() -> Module {
        skipNewlines()
        var package: [String] = []
        let packageToken = current
        do throws(RegoError) {
            guard acceptKeyword("package") else { throw unexpected(current, expected: "package") }
            package = try parseDottedPath(allowKeywords: false)
            try expectStatementEnd()
        } catch {
            errors.append(error)
            recover()
        }
        var imports: [Import] = []
        var rules: [Rule] = []
        parseStatements(imports: &imports, rules: &rules)
        return Module(package: package, packageLocation: location(packageToken), imports: imports,
                      rules: rules, file: file)
    }

    /// The imports and rules from here to the end of the tokens.
    mutating func parseStatements(imports: inout [Import], rules: inout [Rule]) {
        while errors.count < Parser.maxErrors {
            skipNewlines()
            if current.kind == .eof { break }
            do throws(RegoError) {
                if current.isIdent("import") {
                    imports.append(try parseImport())
                } else if current.isIdent("package") {
                    throw error("unexpected package keyword: package must be first", at: current)
                } else {
                    rules.append(try parseRule())
                }
                try expectStatementEnd()
            } catch {
                errors.append(error)
                recover()
            }
        }
    }

    /// A statement ends at a line break, `;` or the end of input.
    private mutating func expectStatementEnd() throws(RegoError) {
        if current.kind == .newline || current.kind == .eof || accept(";") { return }
        throw unexpected(current)
    }

    /// Skips to the next line that starts in column 1 (the likely start of a statement).
    private mutating func recover() {
        advance()
        while current.kind != .eof {
            if tokens[pos].kind == .newline, pos < lastPosition, tokens[pos + 1].column == 1 {
                pos += 1
                return
            }
            pos += 1
        }
    }

    /// `a.b["c"]` as plain names (package and import paths).
    private mutating func parseDottedPath(allowKeywords: Bool) throws(RegoError) -> [String] {
        let first = current
        guard first.kind == .ident, allowKeywords || !Keywords.contains(first.text) else {
            throw unexpected(first, expected: "identifier")
        }
        advance()
        var path = [first.text]
        while !current.spaceBefore {
            if accept(".") {
                let name = current
                guard name.kind == .ident else {
                    throw unexpected(name, expected: "identifier")
                }
                advance()
                path.append(name.text)
            } else if current.isPunct("[") {
                advance()
                let part = current
                guard part.kind == .string || part.kind == .rawString else { throw unexpected(part, expected: "string") }
                advance()
                path.append(part.text)
                _ = try expect("]")
            } else {
                break
            }
        }
        return path
    }

    /// `import data.x.y as z`, `import rego.v1`, `import future.keywords.in`.
    private mutating func parseImport() throws(RegoError) -> Import {
        let keyword = advance()
        let start = current
        let path = try parseDottedPath(allowKeywords: true)
        guard let root = path.first, ["data", "input", "future", "rego"].contains(root) else {
            throw error("unexpected import path, must begin with one of: {data, future, input, rego}", at: start)
        }
        var alias: String?
        if acceptKeyword("as") {
            let name = current
            guard name.kind == .ident, !Keywords.contains(name.text), name.text != "_" else {
                throw unexpected(name, expected: "identifier")
            }
            advance()
            alias = name.text
        }
        return Import(path: path, alias: alias, location: location(keyword))
    }
}
