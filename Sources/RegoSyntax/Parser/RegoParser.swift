import Dispatch

/// Entry points of the Rego v1 parser.
public enum RegoParser {
    /// Parses one policy file; all syntax errors found are thrown together, sorted by location.
    public static func parseModule(_ text: String, file: String) throws(RegoErrors) -> Module {
        let pieces = Lexer.tokenPieces(text)
        var module: Module
        if pieces.count >= ParallelParse.minimumTokens, let parsed = ParallelParse.module(pieces, file: file) {
            module = parsed
        } else {
            var parser = Parser(tokens: pieces.joined()[...], file: file)
            module = parser.parseModule()
            if !parser.errors.isEmpty { throw RegoErrors(parser.errors) }
        }
        module.annotations = Annotation.find(in: text, module: module)
        return module
    }

    /// Parses policy files (text and file name each), in order: each module, or the syntax errors
    /// `parseModule` throws for it. A large file is lexed and parsed in pieces on parallel threads;
    /// the smaller ones are parsed on parallel threads, a file each, so that a bundle of many
    /// small files keeps every core busy too rather than one after another on one.
    public static func parseModules(_ files: [(text: String, file: String)]) -> [Result<Module, RegoErrors>] {
        var results = [Result<Module, RegoErrors>?](repeating: nil, count: files.count)
        @Sendable func parse(_ i: Int) -> Result<Module, RegoErrors> {
            Result { () throws(RegoErrors) in try parseModule(files[i].text, file: files[i].file) }
        }
        let small = files.indices.filter { files[$0].text.utf8.count < largeFileBytes }
        for i in files.indices where files[i].text.utf8.count >= largeFileBytes { results[i] = parse(i) }
        results.withUnsafeMutableBufferPointer { buffer in
            let out = ParallelParse.Slots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: small.count) { n in out.buffer[small[n]] = parse(small[n]) }
        }
        return results.map { $0! }
    }

    /// Files of this many UTF-8 bytes or more are parsed one after another, each on every core;
    /// smaller ones a file per core (about 20,000 tokens: fewer are parsed in one piece).
    static let largeFileBytes = 100 * 1024

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
