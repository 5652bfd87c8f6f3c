import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Parses a large module's statements on parallel threads: generated policies put tens of
/// thousands of rules in one file, and parsing them is most of the start-up that is not compiling.
///
/// The tokens are cut where a statement surely starts: a line's first token, in column 1, outside
/// any brackets, that is a name other than `else` and `with` (which continue the statement before
/// them), after a line that ends with a complete term (a name, a literal or a closing bracket, not
/// an operator that carries the expression onto the next line). Each piece is parsed on its own;
/// the pieces' imports and rules, in order, are the module. If any piece has an error, the caller
/// parses the whole file in one piece, so errors are reported exactly as always.
enum ParallelParse {
    /// Files with fewer tokens are parsed in one piece (about 100 KB of policy).
    static let minimumTokens = 20_000

    /// Pieces to cut a large file into: one per core, at most 8 (read once).
    static let defaultPieces = min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8)

    /// The module of the tokens lexed in `tokens`' pieces, or nil when it is better parsed in one
    /// piece (one core, no cut points, or an error). When every piece the lexer made but the first
    /// starts a statement, each is parsed where the lexer left it (its `run`); otherwise each
    /// thread copies its own piece's tokens, between cut points, from the lexer's pieces. Either
    /// way they are never joined into one array.
    static func module(_ tokens: TokenPieces, file: String, pieces: Int = defaultPieces) -> Module? {
        guard pieces > 1 else { return nil }
        let runs: [ArraySlice<Token>]?
        let bounds: [(Int, Int)]
        if let lexed = tokens.runs, lexed.count == pieces, lexedPiecesStartStatements(tokens) {
            runs = lexed
            bounds = []
        } else {
            let cuts = cutPoints(tokens, pieces: pieces)
            guard !cuts.isEmpty else { return nil }
            runs = nil
            bounds = Array(zip([0] + cuts, cuts + [tokens.count - 1]))
        }
        let eof = tokens.last
        var results = [Piece?](repeating: nil, count: runs?.count ?? bounds.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = Slots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { i in
                let pieceTokens: ArraySlice<Token>
                if let runs {
                    pieceTokens = runs[i]
                } else {
                    var copied = tokens.tokens(from: bounds[i].0, to: bounds[i].1)
                    copied.append(eof)
                    pieceTokens = copied[...]
                }
                var parser = Parser(tokens: pieceTokens, file: file)
                // Wildcard names stay unique across pieces (they print as `_` whatever the number).
                parser.wildcards = i << 32
                var piece = Piece()
                if i == 0 {
                    piece.module = parser.parseModule()
                } else {
                    parser.parseStatements(imports: &piece.imports, rules: &piece.rules)
                }
                piece.failed = !parser.errors.isEmpty
                out.buffer[i] = piece
            }
        }
        guard !results.contains(where: { $0?.failed != false }), var module = results[0]?.module.take() else { return nil }
        for i in results.indices.dropFirst() {
            guard var piece = results[i].take() else { return nil }
            module.imports += piece.imports
            moveRules(&piece.rules, to: &module.rules)
        }
        return module
    }

    /// Appends `source`'s rules to `rules`, moving each and leaving a placeholder in its stead.
    /// Appending copies would retain every field of every rule, and releasing the piece's array
    /// would release them all again, on one thread while the others wait: for the bench bundle's
    /// 10,000 rules, a few milliseconds of start-up.
    static func moveRules(_ source: inout [Rule], to rules: inout [Rule]) {
        rules.reserveCapacity(rules.count + source.count)
        for i in source.indices {
            var rule = Rule(kind: .complete, ref: [], value: nil, isAssignment: false, isDefault: false, body: [], elses: [],
                            location: Location(fileNumber: 0, line: 0, column: 0))
            swap(&rule, &source[i])
            rules.append(consume rule)
        }
    }

    /// What one piece parsed to.
    struct Piece {
        /// The first piece: the package and its statements.
        var module: Module?
        var imports: [Import] = []
        var rules: [Rule] = []
        var failed = false
    }

    /// Result slots filled by parallel threads (here and in `Lexer.tokenPieces`). `@unchecked Sendable`:
    /// each thread writes only its own index, and `concurrentPerform` returns only once all are done,
    /// while the buffer is still alive.
    struct Slots<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
    }

    /// Positions in the joined tokens where a statement surely starts, about evenly spaced, for
    /// `pieces` pieces. Tokens are read in place, not copied.
    static func cutPoints(_ tokens: TokenPieces, pieces: Int) -> [Int] {
        let step = tokens.count / pieces
        var cuts: [Int] = []
        var depth = 0
        var previousIsNewline = false
        /// The position of the last token other than a line break.
        var lastSignificant: Int?
        tokens.forEach { i, token in
            depth += depthChange(token)
            if token.kind != .newline, i > 0, previousIsNewline, depth == 0, i >= (cuts.last ?? 0) + step,
               startsStatement(token), let previous = lastSignificant, endsTerm(tokens[previous]) {
                cuts.append(i)
                if cuts.count == pieces - 1 { return false }
            }
            previousIsNewline = token.kind == .newline
            if !previousIsNewline { lastSignificant = i }
            return true
        }
        return cuts
    }

    /// Whether every piece the lexer made but the first surely starts a statement, as `cutPoints`
    /// decides it there: outside brackets (the pieces' depth changes sum to 0 before it), a name
    /// in column 1 that carries on no statement, after a line that ends a term. Decided from each
    /// piece's ends and depth change, with no pass over the tokens.
    static func lexedPiecesStartStatements(_ tokens: TokenPieces) -> Bool {
        guard let depthChanges = tokens.depthChanges, tokens.pieces.count > 1 else { return false }
        var depth = 0
        var lastSignificant: Token?
        for (i, piece) in tokens.pieces.enumerated() {
            if i > 0 {
                guard depth == 0, let first = piece.first, startsStatement(first),
                      let previous = lastSignificant, endsTerm(previous) else { return false }
            }
            depth += depthChanges[i]
            if let last = piece.last(where: { $0.kind != .newline }) { lastSignificant = last }
        }
        return true
    }

    /// How much deeper in brackets `token` leaves the text: 1 for an opening one, -1 for a closing one.
    static func depthChange(_ token: borrowing Token) -> Int {
        guard token.kind == .punct else { return 0 }
        switch token.text {
        case "(", "[", "{": return 1
        case ")", "]", "}": return -1
        default: return 0
        }
    }

    /// Whether `token`, first on its line, can start a statement: a name in column 1 other than
    /// `else` and `with` (which carry on the statement before them).
    private static func startsStatement(_ token: borrowing Token) -> Bool {
        token.kind == .ident && token.column == 1 && token.text != "else" && token.text != "with"
    }

    /// Whether a line ending with `token` ends a complete term (no operator carrying on).
    private static func endsTerm(_ token: borrowing Token) -> Bool {
        switch token.kind {
        case .ident: return !["if", "contains", "in", "not", "some", "every", "with", "as", "else", "default", "import", "package"].contains(token.text)
        case .string, .rawString, .number, .template: return true
        case .punct: return token.text == ")" || token.text == "]" || token.text == "}"
        case .newline, .eof, .illegal: return false
        }
    }
}
