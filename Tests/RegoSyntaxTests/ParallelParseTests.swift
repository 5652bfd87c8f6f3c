import Testing
@testable import RegoSyntax

/// Large modules are parsed in pieces on parallel threads; the result must be the module a
/// single pass gives, and errors must be reported as a single pass reports them.
@Suite struct ParallelParseTests {
    /// Everything the parser produced, with wildcard numbers (which differ by piece and print as `_`) left out.
    static func dump(_ module: Module) -> String {
        var text = ""
        Swift.dump(module, to: &text)
        return text.replacingOccurrences(of: #"\$_[0-9]+"#, with: "$_", options: .regularExpression)
    }

    static func sequential(_ text: String) -> (Module, [RegoError]) {
        var parser = Parser(text: text, file: "p.rego")
        let module = parser.parseModule()
        return (module, parser.errors)
    }

    static let tricky = """
        package tricky

        import rego.v1

        default allow := false

        allow if {
        \tsome x in input.xs
        \tx == "a"
        }
        # a comment at column 1
        value := 1 if input.a
        else := 2 if input.b
        else := 3

        total := a +
        b if { a := 1; b := 2 }
        sum := input.x + input.y

        doc := {
        "k": [1,
        2],
        }
        raw := `
        allow if true
        `
        f(x) := y if y := x * 2
        names contains n if some n in input.names
        import data.lib.helpers
        with_newline if input.x == 1
        \twith input as {"x": 1}
        first_only if { _ = input.a; _ = input.b }
        """

    @Test func piecesGiveTheModuleOfOnePass() throws {
        let text = (0..<12).map { i in ParallelParseTests.tricky.replacingOccurrences(of: "package tricky\n", with: i == 0 ? "package tricky\n" : "") }
            .joined(separator: "\n")
        let (expected, errors) = ParallelParseTests.sequential(text)
        #expect(errors.isEmpty, "\(errors)")
        let tokens = Lexer.tokenize(text)
        for pieces in 2...6 {
            let module = try #require(ParallelParse.module(tokens, file: "p.rego", pieces: pieces), "\(pieces) pieces")
            #expect(module.rules.count == expected.rules.count)
            #expect(ParallelParseTests.dump(module) == ParallelParseTests.dump(expected), "\(pieces) pieces")
        }
    }

    @Test func cutsAreOnlyWhereAStatementStarts() {
        let tokens = Lexer.tokenize(ParallelParseTests.tricky)
        let cuts = ParallelParse.cutPoints(tokens, pieces: tokens.count)
        let starts = Set(cuts.map { tokens[$0].text })
        #expect(!starts.isEmpty)
        // Never before an else or a with that carries on the statement above, nor inside brackets,
        // a raw string or after an operator.
        #expect(!starts.contains("else"))
        #expect(!starts.contains("with"))
        #expect(!cuts.contains { tokens[$0].text == "b" && tokens[$0 - 2].text == "+" })
        #expect(!cuts.contains { tokens[$0].kind != .ident || tokens[$0].column != 1 })
    }

    @Test func everyConformanceModuleParsesAlikeInPieces() throws {
        var compared = 0
        for snippet in try ConformanceParseTests.snippets() where !snippet.isQuery && !snippet.expectsError {
            let (expected, errors) = ParallelParseTests.sequential(snippet.text)
            guard errors.isEmpty else { continue }
            let tokens = Lexer.tokenize(snippet.text)
            for pieces in [2, 3] {
                guard let module = ParallelParse.module(tokens, file: "p.rego", pieces: pieces) else { continue }
                compared += 1
                #expect(ParallelParseTests.dump(module) == ParallelParseTests.dump(expected), "\(snippet.file): \(snippet.note)")
            }
        }
        #expect(compared > 500)
    }

    @Test func anErrorInAPieceIsReportedAsOnePassReportsIt() throws {
        var text = "package big\n\n"
        for i in 0..<6000 { text += "allow if { input.path == \"/r/\(i)\"; input.method == \"GET\" }\n" }
        text += "broken if { input.x == }\n"
        for i in 0..<6000 { text += "deny if { input.path == \"/d/\(i)\" }\n" }
        let (_, expected) = ParallelParseTests.sequential(text)
        #expect(!expected.isEmpty)
        #expect(Lexer.tokenize(text).count >= ParallelParse.minimumTokens)
        #expect(throws: RegoErrors.self) { try RegoParser.parseModule(text, file: "p.rego") }
        do {
            _ = try RegoParser.parseModule(text, file: "p.rego")
        } catch {
            #expect(error.errors.map(\.description) == RegoErrors(expected).errors.map(\.description))
        }
    }

    /// `tricky` without its raw string (a text with a backtick is lexed in one piece).
    static let withoutRawString = tricky.replacingOccurrences(of: "raw := `\nallow if true\n`\n", with: "")

    /// The parser's pieces take their tokens from the lexer's pieces, never joined: a text lexed
    /// in 2 to 6 pieces must parse, in 2 to 6 pieces, to the module of one pass, with cuts that
    /// fall in any lexing piece.
    @Test func piecesOfTheLexerGiveTheModuleOfOnePass() throws {
        let text = (0..<12).map { i in ParallelParseTests.withoutRawString.replacingOccurrences(of: "package tricky\n", with: i == 0 ? "package tricky\n" : "") }
            .joined(separator: "\n")
        let (expected, _) = ParallelParseTests.sequential(text)
        let joined = Lexer.tokenize(text, pieces: 1)
        for lexPieces in 2...6 {
            let tokens = Lexer.tokenPieces(text, pieces: lexPieces, minimumBytes: 0)
            #expect(tokens.pieces.count == lexPieces)
            #expect(tokens.count == joined.count)
            for parsePieces in 2...6 {
                #expect(ParallelParse.cutPoints(tokens, pieces: parsePieces) == ParallelParse.cutPoints(joined, pieces: parsePieces))
                let module = try #require(ParallelParse.module(tokens, file: "p.rego", pieces: parsePieces), "\(lexPieces), \(parsePieces)")
                #expect(ParallelParseTests.dump(module) == ParallelParseTests.dump(expected), "\(lexPieces) lexing pieces, \(parsePieces) parsing pieces")
            }
        }
    }

    /// Where every piece the lexer made starts a statement, each is parsed where it lies (its
    /// run, ending with the `.eof` its lexing ended with); where one does not, the parser cuts
    /// and copies. Both give the module of one pass.
    @Test func lexedPiecesThatStartStatementsAreParsedInPlace() throws {
        var generated = "package gen\n\nimport rego.v1\n\ndefault allow := false\n\n"
        for i in 0..<3000 { generated += "allow if { input.path == \"/r/\(i)\"; input.method == \"GET\" }\n" }
        // Every line of the second text but the package's is indented or closes a brace: no
        // piece can start a statement there.
        var nested = "package nested\n\nitems := [\n"
        for i in 0..<3000 { nested += "\t{\"id\": \(i), \"path\": \"/r/\(i)\"},\n" }
        nested += "]\n"
        for (text, inPlace) in [(generated, true), (nested, false)] {
            let (expected, errors) = ParallelParseTests.sequential(text)
            #expect(errors.isEmpty, "\(errors)")
            for pieces in 2...5 {
                let tokens = Lexer.tokenPieces(text, pieces: pieces, minimumBytes: 0)
                #expect(tokens.pieces.count == pieces)
                let runs = try #require(tokens.runs)
                #expect(runs.map(\.count) == tokens.pieces.indices.map { tokens.pieces[$0].count + ($0 == pieces - 1 ? 0 : 1) })
                #expect(runs.allSatisfy { $0.last?.kind == .eof })
                #expect(ParallelParse.lexedPiecesStartStatements(tokens) == inPlace, "\(pieces) pieces")
                if inPlace { #expect(tokens.starts.dropFirst().allSatisfy { tokens[$0].text == "allow" && tokens[$0].column == 1 }) }
                let module = ParallelParse.module(tokens, file: "p.rego", pieces: pieces)
                if inPlace || !ParallelParse.cutPoints(tokens, pieces: pieces).isEmpty {
                    let parsed = try #require(module, "\(pieces) pieces")
                    #expect(ParallelParseTests.dump(parsed) == ParallelParseTests.dump(expected), "\(pieces) pieces")
                } else {
                    #expect(module == nil)
                }
            }
        }
    }

    /// Whether the lexed pieces start statements, decided from their ends and depth changes, is
    /// what a scan of every token for statement starts finds at the pieces' starts.
    @Test func piecesStartStatementsAsAScanFindsThem() {
        let texts = [Self.withoutRawString, (0..<12).map { _ in Self.withoutRawString.replacingOccurrences(of: "package tricky\n", with: "") }.joined(separator: "\n")]
        var agreed = (yes: 0, no: 0)
        for body in texts {
            let text = "package tricky\n" + body
            for pieces in 2...9 {
                let tokens = Lexer.tokenPieces(text, pieces: pieces, minimumBytes: 0)
                guard tokens.pieces.count > 1 else { continue }
                // Every statement start, as the cut points of as many pieces as there are tokens.
                let starts = Set(ParallelParse.cutPoints(tokens, pieces: tokens.count))
                let scanned = tokens.starts.dropFirst().allSatisfy(starts.contains)
                #expect(ParallelParse.lexedPiecesStartStatements(tokens) == scanned, "\(pieces) pieces")
                if scanned { agreed.yes += 1 } else { agreed.no += 1 }
            }
        }
        // Both answers occur among these cuts.
        #expect(agreed.yes > 0 && agreed.no > 0, "\(agreed)")
    }

    /// Files parsed together, small ones a file per thread and large ones in pieces, give each
    /// file's module or errors as parsing it alone does, in the files' order.
    @Test func filesParsedTogetherAreParsedAsAlone() throws {
        var large = "package large\n\n"
        for i in 0..<4000 { large += "allow if { input.path == \"/r/\(i)\"; input.method == \"GET\" }\n" }
        #expect(large.utf8.count >= RegoParser.largeFileBytes)
        var files: [(text: String, file: String)] = [("package a\nx := 1\n", "a.rego"), (large, "large.rego"), ("package b\ny := {\n", "b.rego")]
        for i in 0..<12 { files.append(("package s\(i)\nv := \(i)\nw if input.q == \(i)\n", "s\(i).rego")) }
        files.append((ParallelParseTests.tricky, "tricky.rego"))
        let together = RegoParser.parseModules(files)
        #expect(together.count == files.count)
        for (file, result) in zip(files, together) {
            switch (result, Result { () throws(RegoErrors) in try RegoParser.parseModule(file.text, file: file.file) }) {
            case (.success(let module), .success(let alone)):
                #expect(ParallelParseTests.dump(module) == ParallelParseTests.dump(alone), "\(file.file)")
            case (.failure(let errors), .failure(let alone)):
                #expect(errors.errors.map(\.description) == alone.errors.map(\.description), "\(file.file)")
                #expect(file.file == "b.rego")
            default:
                Issue.record("\(file.file): parsed together and alone differ")
            }
        }
    }

    /// A run of tokens taken from the pieces is the same run of the joined tokens, wherever it
    /// starts and ends.
    @Test func tokensFromPiecesAreTheJoinedTokens() {
        let text = Self.withoutRawString + "\n" + Self.withoutRawString.replacingOccurrences(of: "package tricky\n", with: "")
        let joined = Lexer.tokenize(text, pieces: 1)
        let tokens = Lexer.tokenPieces(text, pieces: 5, minimumBytes: 0)
        #expect(tokens.pieces.count == 5)
        #expect(tokens.joined() == joined)
        #expect(tokens.last.kind == .eof)
        var positions: [Int] = []
        tokens.forEach { i, _ in positions.append(i); return true }
        #expect(positions == Array(joined.indices))
        for start in stride(from: 0, to: joined.count, by: 7) {
            for end in stride(from: start, through: joined.count, by: 11) {
                #expect(tokens.tokens(from: start, to: end) == Array(joined[start..<end]), "\(start)..<\(end)")
            }
            #expect(tokens[start] == joined[start])
        }
    }

    /// Moving a piece's rules onto the module leaves the piece with placeholders and the module
    /// with the rules, in order.
    @Test func rulesAreMovedInOrder() throws {
        let first = try RegoParser.parseModule("package a\nx := 1\ny := 2\n", file: "a.rego")
        let second = try RegoParser.parseModule("package a\nz := 3\nw if input.q\n", file: "b.rego")
        var rules = first.rules
        var moved = second.rules
        ParallelParse.moveRules(&moved, to: &rules)
        #expect(rules.map { "\($0.ref.first!.kind)" } == ["variable(\"x\")", "variable(\"y\")", "variable(\"z\")", "variable(\"w\")"])
        #expect(rules[3].body.count == 1)
        #expect(rules[2].location == second.rules[0].location)
        #expect(moved.count == 2 && moved.allSatisfy { $0.ref.isEmpty && $0.body.isEmpty })
    }
}

/// The parallel parser over tokens already joined, as the tests hand them over.
extension ParallelParse {
    static func module(_ tokens: [Token], file: String, pieces: Int = defaultPieces) -> Module? {
        module(TokenPieces([tokens[...]]), file: file, pieces: pieces)
    }

    static func cutPoints(_ tokens: [Token], pieces: Int) -> [Int] {
        cutPoints(TokenPieces([tokens[...]]), pieces: pieces)
    }
}

extension TokenPieces {
    /// The position in the joined tokens of each piece's first token.
    var starts: [Int] {
        var starts: [Int] = []
        var position = 0
        for piece in pieces {
            starts.append(position)
            position += piece.count
        }
        return starts
    }
}
