import Dispatch

/// Tokenizing a large file in pieces on parallel threads: generated policies put tens of thousands
/// of rules in one file, and lexing them is a good part of start-up.
///
/// The text is cut at line starts (just after a `\n`) near evenly spaced UTF-8 offsets, and each
/// piece is lexed on its own from its line number and column 1. One pass over the whole text reads
/// the same tokens there, provided it is between tokens at the cut: the lexer looks only at the
/// input at and just after its position, so when a piece's last token is the line break that ends
/// it, lexing that piece never looked past it, and the pass stands at the cut with the same line
/// and column. Comments and `"…"` strings stop at a line break; a raw string and the embedded
/// expression of a template string can run over one. A text with a backtick is lexed in one piece
/// without trying (raw strings often span lines); when any other piece but the last does not end
/// with its line break (a template expression or a string's escape running over it), the pieces
/// are dropped and the text is lexed in one piece.
extension Lexer {
    /// Texts with fewer UTF-8 bytes are lexed in one piece.
    static let minimumPieceBytes = 64 * 1024

    /// Tokenizes the whole input; the result always ends with an `.eof` token. A text of at least
    /// `minimumBytes` is lexed in up to `pieces` pieces on parallel threads, with the tokens one
    /// pass gives.
    static func tokenize(_ text: String, line: Int = 1, column: Int = 1,
                         pieces: Int = ParallelParse.defaultPieces,
                         minimumBytes: Int = minimumPieceBytes) -> [Token] {
        tokenPieces(text, line: line, column: column, pieces: pieces, minimumBytes: minimumBytes).joined()
    }

    /// The tokens of the whole input, as `tokenize` gives them, but left in the pieces they were
    /// lexed in: joining them copies every token, which the parallel parser has no need of.
    static func tokenPieces(_ text: String, line: Int = 1, column: Int = 1,
                            pieces: Int = ParallelParse.defaultPieces,
                            minimumBytes: Int = minimumPieceBytes) -> TokenPieces {
        if pieces > 1, text.utf8.count >= minimumBytes,
           let starts = pieceStarts(text, line: line, pieces: pieces),
           let tokens = tokenPieces(text, starts: starts, column: column) {
            return tokens
        }
        return TokenPieces([tokenizeInOnePiece(text[...], line: line, column: column)[...]])
    }

    /// Where a piece of the text starts.
    struct PieceStart: Equatable {
        /// Offset in the text's UTF-8 bytes: 0, or just after a `\n`.
        var offset: Int
        /// The line number of the piece's first line.
        var line: Int
    }

    /// The starts of up to `pieces` pieces of about equal size, the first at offset 0 and `line`;
    /// nil when the text is lexed in one piece (it has a backtick, or no line start to cut at).
    static func pieceStarts(_ text: String, line: Int, pieces: Int) -> [PieceStart]? {
        let newline = UInt8(ascii: "\n")
        let starts = text.utf8.withContiguousStorageIfAvailable { bytes -> [PieceStart]? in
            guard !bytes.contains(UInt8(ascii: "`")) else { return nil }
            var starts = [PieceStart(offset: 0, line: line)]
            var previous = starts[0]
            for piece in 1..<max(pieces, 1) {
                // The first line start at or after the even offset, past the previous one; better,
                // the first before the next piece's offset whose line begins with a letter: likely
                // a statement's start, where the parser can take the piece as it is
                // (`ParallelParse.module`).
                let from = max(bytes.count * piece / pieces - 1, previous.offset)
                guard var end = bytes[from...].firstIndex(of: newline), end + 1 < bytes.count else { break }
                let limit = bytes.count * (piece + 1) / pieces
                var candidate = end
                while candidate + 1 < limit, !Lexer.isIdentStart(Unicode.Scalar(bytes[candidate + 1])),
                      let next = bytes[(candidate + 1)..<limit].firstIndex(of: newline), next + 1 < limit {
                    candidate = next
                }
                if Lexer.isIdentStart(Unicode.Scalar(bytes[candidate + 1])) { end = candidate }
                var breaks = 0
                for byte in bytes[previous.offset...end] where byte == newline { breaks += 1 }
                previous = PieceStart(offset: end + 1, line: previous.line + breaks)
                starts.append(previous)
            }
            return starts.count > 1 ? starts : nil
        }
        return starts ?? nil
    }

    /// The tokens of the pieces starting at `starts`, lexed on parallel threads, as they join;
    /// nil when a piece but the last does not end with its line break (see above).
    static func tokenPieces(_ text: String, starts: [PieceStart], column: Int) -> TokenPieces? {
        let utf8 = text.utf8
        let bounds = starts.map { utf8.index(utf8.startIndex, offsetBy: $0.offset) } + [utf8.endIndex]
        var pieces = [[Token]](repeating: [], count: starts.count)
        var depthChanges = [Int](repeating: 0, count: starts.count)
        pieces.withUnsafeMutableBufferPointer { buffer in
            depthChanges.withUnsafeMutableBufferPointer { depths in
                let out = ParallelParse.Slots(buffer: buffer), depthOut = ParallelParse.Slots(buffer: depths)
                DispatchQueue.concurrentPerform(iterations: starts.count) { i in
                    let tokens = tokenizeInOnePiece(text[bounds[i]..<bounds[i + 1]], line: starts[i].line,
                                                    column: i == 0 ? column : 1)
                    // Read while the tokens are in this core's cache: whether the next piece
                    // starts outside any brackets follows from these sums.
                    depthOut.buffer[i] = tokens.reduce(0) { $0 + ParallelParse.depthChange($1) }
                    out.buffer[i] = tokens
                }
            }
        }
        var slices: [ArraySlice<Token>] = []
        var runs: [ArraySlice<Token>] = []
        slices.reserveCapacity(pieces.count)
        runs.reserveCapacity(pieces.count)
        for i in pieces.indices {
            if i < pieces.count - 1 {
                let count = pieces[i].count
                guard count >= 2, pieces[i][count - 2].kind == .newline else { return nil }
            }
            // The piece's first token follows the previous piece's line break, as `append` takes
            // it after one (the rest were read after the same tokens as in one pass).
            var start = 0
            if i > 0, !pieces[i].isEmpty {
                if pieces[i][0].kind == .newline { start = 1 } else { pieces[i][0].spaceBefore = true }
            }
            // Pieces but the last leave out their `.eof`.
            let end = i < pieces.count - 1 ? pieces[i].count - 1 : pieces[i].count
            slices.append(pieces[i][start..<end])
            runs.append(pieces[i][start...])
        }
        return TokenPieces(slices, runs: runs, depthChanges: depthChanges)
    }
}

/// The tokens of one text as runs lexed apart, in order; joined, they are the text's tokens and
/// end with its `.eof`.
struct TokenPieces {
    let pieces: [ArraySlice<Token>]
    /// Each piece followed by the `.eof` its lexing ended with, in the same storage: what a parser
    /// of that piece alone reads (nil when the pieces were not lexed apart).
    let runs: [ArraySlice<Token>]?
    /// Per piece, how much deeper in brackets its tokens leave the text (nil with `runs`).
    let depthChanges: [Int]?
    /// Number of tokens in all the pieces.
    let count: Int

    init(_ pieces: [ArraySlice<Token>], runs: [ArraySlice<Token>]? = nil, depthChanges: [Int]? = nil) {
        self.pieces = pieces
        self.runs = runs
        self.depthChanges = depthChanges
        count = pieces.reduce(0) { $0 + $1.count }
    }

    /// The tokens in one array (the only piece itself when there is one).
    func joined() -> [Token] {
        if pieces.count == 1 { return Array(pieces[0]) }
        var tokens: [Token] = []
        tokens.reserveCapacity(count)
        for piece in pieces { tokens.append(contentsOf: piece) }
        return tokens
    }

    /// The tokens from `start` up to `end` (positions in the joined tokens), in one array with
    /// room for one more.
    func tokens(from start: Int, to end: Int) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(end - start + 1)
        var offset = 0
        for piece in pieces {
            let low = max(start - offset, 0), high = min(end - offset, piece.count)
            if low < high { tokens.append(contentsOf: piece[(piece.startIndex + low)..<(piece.startIndex + high)]) }
            offset += piece.count
            if offset >= end { break }
        }
        return tokens
    }

    /// The last token (`.eof`).
    var last: Token { pieces[pieces.count - 1].last! }

    /// Calls `body` with each token's position in the joined tokens and the token, lent in place,
    /// in order, until it returns false.
    func forEach(_ body: (Int, borrowing Token) -> Bool) {
        var position = 0
        for piece in pieces {
            let keepGoing = piece.withUnsafeBufferPointer { buffer -> Bool in
                for token in buffer.indices {
                    if !body(position, buffer[token]) { return false }
                    position += 1
                }
                return true
            }
            if !keepGoing { return }
        }
    }

    /// The token at `position` in the joined tokens.
    subscript(position: Int) -> Token {
        var offset = position
        for piece in pieces {
            if offset < piece.count { return piece[piece.startIndex + offset] }
            offset -= piece.count
        }
        preconditionFailure("token \(position) of \(count)")
    }
}
