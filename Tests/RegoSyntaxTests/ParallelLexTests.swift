import Testing
@testable import RegoSyntax

/// Large texts are tokenized in pieces on parallel threads; the tokens must be exactly those of one
/// pass (kind, text, line, column, spacing and template parts), whatever the number of pieces.
@Suite struct ParallelLexTests {
    @Test func theLexerReadsEveryScalarOfAnyText() {
        // All ASCII, non-ASCII first, in the middle and last, and a piece of a longer text.
        let texts = ["allow if true", "é := 1", "msg := \"naïve ✓ 日本\" # ü", "x := \"\u{1F600}\"", "a\r\nb\n\u{1F600}"]
        /// Every scalar the lexer reads, one after another, and the column it ends at.
        func read(_ text: Substring) -> ([Unicode.Scalar], Int) {
            var lexer = Lexer(text)
            var scalars: [Unicode.Scalar] = []
            while let c = lexer.peek() {
                scalars.append(c)
                lexer.advance()
            }
            return (scalars, lexer.column)
        }
        for text in texts {
            let (scalars, column) = read(text[...])
            #expect(scalars == Array(text.unicodeScalars), "\(text)")
            let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
            #expect(column == lastLine.unicodeScalars.count + 1, "\(text)")
        }
        let long = "package p\nmsg := \"café\"\nx := 1\n"
        let piece = long[long.index(long.startIndex, offsetBy: 10)...]
        #expect(read(piece).0 == Array(piece.unicodeScalars))
        // Columns count scalars, in strings and after them.
        let tokens = Lexer.tokenize("s := \"naïve ✓ 日本\" + é\nt := \"\u{1F600}\" + x")
        #expect(tokens.map { [$0.line, $0.column] } == [[1, 1], [1, 3], [1, 6], [1, 19], [1, 21], [1, 22], [2, 1], [2, 3], [2, 6], [2, 10], [2, 12], [2, 13]])
        #expect(tokens[2].text == "naïve ✓ 日本" && tokens[4].kind == .illegal && tokens[8].text == "\u{1F600}")
    }

    /// Lines that test a cut before, after or inside them: blank and space-only lines, comments with
    /// quotes, strings with escapes and `#`, non-ASCII text, lines starting with whitespace, operators
    /// carrying an expression on, template strings on one line and illegal tokens.
    static let tricky = #"""
        package tricky

        import rego.v1


        # a comment with "quotes", a \ backslash and # inside
        allow if {
        	input.user == "al\"ice" # trailing "comment
        	input.path == "a#b\\c\u00e9\t\uD83D\uDE00"
            x := 3.14e+2
        }
           
        msg := "naïve café ✓ 日本"   # non-ASCII: ünïcødé
        héllo := 1
        s := "unterminated
        @ ~ illegal characters
        esc := "bad \q escape"
        t := $"total {input.n + 1} items \{literal}"
          indented := [1,
        	2]
        sum := input.a +
        input.b
        n := 1e
        m := 2E-3
        	# an indented comment
        ends_in_spaces := 1   
        """#

    /// The tokens of one pass over `text`.
    static func onePass(_ text: String, line: Int = 1, column: Int = 1) -> [Token] {
        Lexer.tokenizeInOnePiece(text[...], line: line, column: column)
    }

    /// Where `tokens` first differ from `expected`, or nil when they are the same.
    static func firstDifference(_ tokens: [Token], _ expected: [Token]) -> String? {
        for (i, (token, wanted)) in zip(tokens, expected).enumerated() where token != wanted {
            return "token \(i): \(token) instead of \(wanted)"
        }
        return tokens.count == expected.count ? nil : "\(tokens.count) tokens instead of \(expected.count)"
    }

    /// The tricky lines repeated to over 64 KB: with LF line breaks, with CRLF, and without a final line break.
    static var largeModules: [(note: String, text: String)] {
        let body = String(repeating: tricky + "\n", count: 140)
        return [("LF", body), ("CRLF", body.replacing("\n", with: "\r\n")),
                ("no final line break", body + "last := true")]
    }

    /// Piece counts to try on `text`: 2 to 9, and one piece per line.
    static func pieceCounts(_ text: String) -> [Int] { Array(2...9) + [text.utf8.count] }

    @Test func piecesGiveTheTokensOfOnePass() throws {
        for (note, text) in Self.largeModules {
            #expect(text.utf8.count >= Lexer.minimumPieceBytes)
            let expected = Self.onePass(text)
            // Every line but one ending the text starts a piece when there are pieces enough.
            let lineStarts = 1 + text.utf8.dropLast().count(where: { $0 == UInt8(ascii: "\n") })
            for pieces in Self.pieceCounts(text) {
                let starts = try #require(Lexer.pieceStarts(text, line: 1, pieces: pieces), "\(note), \(pieces) pieces")
                #expect(starts.count == min(pieces, lineStarts), "\(note), \(pieces) pieces")
                let tokens = try #require(Lexer.tokenizeInPieces(text, starts: starts, column: 1), "\(note), \(pieces) pieces")
                #expect(Self.firstDifference(tokens, expected) == nil, "\(note), \(pieces) pieces")
                #expect(Self.firstDifference(Lexer.tokenize(text, pieces: pieces), expected) == nil, "\(note), \(pieces) pieces")
            }
        }
    }

    @Test func piecesStartAtLineStartsWithTheirLineNumbers() throws {
        for (note, text) in Self.largeModules {
            let bytes = Array(text.utf8)
            // The line number at each offset, counted one byte at a time.
            var lineAtOffset: [Int] = [], line = 7
            for byte in bytes {
                lineAtOffset.append(line)
                if byte == UInt8(ascii: "\n") { line += 1 }
            }
            for pieces in Self.pieceCounts(text) {
                let starts = try #require(Lexer.pieceStarts(text, line: 7, pieces: pieces))
                #expect(starts.first == Lexer.PieceStart(offset: 0, line: 7))
                #expect(zip(starts, starts.dropFirst()).allSatisfy { $0.offset < $1.offset }, "\(note), \(pieces) pieces")
                for start in starts.dropFirst() {
                    try #require(start.offset < bytes.count)
                    #expect(bytes[start.offset - 1] == UInt8(ascii: "\n"))
                    #expect(start.line == lineAtOffset[start.offset])
                }
            }
        }
    }

    @Test func aFirstLineAndColumnCarryThroughThePieces() throws {
        let text = Self.largeModules[0].text
        let expected = Self.onePass(text, line: 7, column: 5)
        for pieces in [2, 5] {
            let tokens = Lexer.tokenize(text, line: 7, column: 5, pieces: pieces)
            #expect(Self.firstDifference(tokens, expected) == nil, "\(pieces) pieces")
        }
    }

    @Test func tokensAreFortyBytesAndKeepTheirPositions() {
        // A large file is hundreds of thousands of tokens, written once and copied once more.
        #expect(MemoryLayout<Token>.stride <= 40)
        let tokens = Lexer.tokenize("a\n\n  b := 1", line: 70_000, column: 3)
        #expect(tokens.map { [$0.line, $0.column] } == [[70_000, 3], [70_000, 4], [70_002, 3], [70_002, 5], [70_002, 8], [70_002, 9]])
    }

    @Test func smallTextsCutWhenAskedGiveTheTokensOfOnePass() throws {
        let expected = Self.onePass(Self.tricky)
        let starts = try #require(Lexer.pieceStarts(Self.tricky, line: 1, pieces: Self.tricky.utf8.count))
        let tokens = try #require(Lexer.tokenizeInPieces(Self.tricky, starts: starts, column: 1))
        #expect(Self.firstDifference(tokens, expected) == nil)
        for pieces in Self.pieceCounts(Self.tricky) {
            let tokens = Lexer.tokenize(Self.tricky, pieces: pieces, minimumBytes: 0)
            #expect(Self.firstDifference(tokens, expected) == nil, "\(pieces) pieces")
        }
    }

    @Test func aTextWithABacktickIsNotCut() {
        let text = Self.largeModules[0].text + "raw := `\nallow if true\n`\nraw_template := $`a {\n1\n} b`\n"
            + Self.largeModules[0].text
        #expect(Lexer.pieceStarts(text, line: 1, pieces: 4) == nil)
        let expected = Self.onePass(text)
        for pieces in Self.pieceCounts(text) {
            #expect(Self.firstDifference(Lexer.tokenize(text, pieces: pieces, minimumBytes: 0), expected) == nil)
        }
    }

    /// A template string's embedded expression and an escaped line break in a string run over a
    /// line break: cut there, a piece does not end with its line break, and the text is lexed in one piece.
    @Test func tokensRunningOverALineBreakAreLexedInOnePiece() throws {
        let runningOver = [
            "t := $\"sum {\n  1 + 2\n} done\"\n",
            "t := $\"{ {\"a\": \"x\\\n\"} }\"\n",
            "s := \"ends in a backslash\\\nnext := 1\n",
            "t := $\"a { 1 +\nnext := 2\n",
        ]
        for (i, text) in runningOver.enumerated() {
            let starts = try #require(Lexer.pieceStarts(text, line: 1, pieces: text.utf8.count))
            #expect(Lexer.tokenizeInPieces(text, starts: starts, column: 1) == nil, "text \(i)")
            let large = Self.tricky + "\n" + text + Self.tricky
            let expected = Self.onePass(large)
            for pieces in Self.pieceCounts(large) {
                let tokens = Lexer.tokenize(large, pieces: pieces, minimumBytes: 0)
                #expect(Self.firstDifference(tokens, expected) == nil, "text \(i), \(pieces) pieces")
            }
        }
    }

    @Test func everyConformanceSnippetLexesAlikeInPieces() throws {
        var cut = 0
        for snippet in try ConformanceParseTests.snippets() {
            let expected = Self.onePass(snippet.text)
            for pieces in 2...4 {
                let tokens = Lexer.tokenize(snippet.text, pieces: pieces, minimumBytes: 0)
                #expect(Self.firstDifference(tokens, expected) == nil, "\(snippet.file): \(snippet.note), \(pieces) pieces")
                if let starts = Lexer.pieceStarts(snippet.text, line: 1, pieces: pieces),
                   Lexer.tokenizeInPieces(snippet.text, starts: starts, column: 1) != nil {
                    cut += 1
                }
            }
        }
        #expect(cut > 1000)
    }
}

extension Lexer {
    /// The tokens of the pieces starting at `starts`, joined; nil where `tokenPieces` gives none.
    static func tokenizeInPieces(_ text: String, starts: [PieceStart], column: Int) -> [Token]? {
        tokenPieces(text, starts: starts, column: column)?.joined()
    }
}
