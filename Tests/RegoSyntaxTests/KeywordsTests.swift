import Testing
@testable import RegoSyntax

@Suite struct KeywordsTests {
    static let reserved = [
        "as", "contains", "default", "else", "every", "false", "if", "import", "in", "not", "null",
        "package", "some", "true", "with",
    ]

    @Test(arguments: reserved) func reservedWordIsKeyword(_ word: String) {
        #expect(Keywords.contains(word))
    }

    @Test func otherIdentifiersAreNotKeywords() {
        let others = [
            "", "a", "i", "is", "it", "no", "nil", "nots", "elsE", "Every", "falsy", "imports",
            "defaults", "packaged", "contain", "input", "data", "allow", "with_", "some1", "tru",
            "ïf", "ifx",
        ]
        for word in others { #expect(!Keywords.contains(word), "\(word)") }
    }
}
