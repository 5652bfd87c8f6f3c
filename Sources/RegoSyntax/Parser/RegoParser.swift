/// Entry points of the Rego v1 parser.
public enum RegoParser {
    /// Parses one policy file; all syntax errors found are thrown together, sorted by location.
    public static func parseModule(_ text: String, file: String) throws(RegoErrors) -> Module {
        let pieces = Lexer.tokenPieces(text)
        if pieces.count >= ParallelParse.minimumTokens, let module = ParallelParse.module(pieces, file: file) { return module }
        var parser = Parser(tokens: pieces.joined()[...], file: file)
        let module = parser.parseModule()
        if !parser.errors.isEmpty { throw RegoErrors(parser.errors) }
        return module
    }

    /// Parses a query: expressions separated by `;` or line breaks.
    public static func parseQuery(_ text: String, file: String = "") throws(RegoErrors) -> Body {
        var parser = Parser(text: text, file: file)
        let body = parser.parseQueryToEnd()
        if !parser.errors.isEmpty { throw RegoErrors(parser.errors) }
        return body
    }

    /// Parses a single term, such as an `input_term` value `{"x": {1, 2}}`.
    public static func parseTerm(_ text: String) throws(RegoErrors) -> Term {
        var parser = Parser(text: text, file: "")
        let term = parser.parseTermToEnd()
        if let term, parser.errors.isEmpty { return term }
        throw RegoErrors(parser.errors)
    }
}
