import RegoValue
import Testing
@testable import RegoEngine

@Suite struct ConstantTableTests {
    @Test func constantsAreNumberedInTheOrderTheyAreAdded() {
        var table = ConstantTable()
        #expect(table.number("GET") == (0, true))
        #expect(table.number("PUT") == (1, true))
        #expect(table.number("GET") == (0, false))
        #expect(table.number(.number(.int(1))) == (2, true))
        // Equal values are one constant, whatever their spelling.
        #expect(table.number(.number(.double(1.0))) == (2, false))
        #expect(table.values == ["GET", "PUT", .number(.int(1))])
        #expect(table.number(of: "PUT") == 1)
        #expect(table.number(of: "POST") == nil)
        #expect(table.number(of: .null) == nil)
    }

    @Test func everyConstantIsFoundAfterTheTableGrows() {
        var table = ConstantTable()
        var expected: [Value] = []
        for i in 0..<20_000 {
            let value: Value = i % 3 == 0 ? .number(.int(i)) : i % 3 == 1 ? .string("/api/v1/resource/\(i)") : .array([.string("k"), .number(.int(i))])
            #expect(table.number(value) == (Int32(i), true))
            expected.append(value)
        }
        #expect(table.count == 20_000)
        #expect(table.values == expected)
        for (i, value) in expected.enumerated() { #expect(table.number(of: value) == Int32(i)) }
        #expect(table.number(of: .string("/api/v1/resource/0")) == nil)
        var reserved = ConstantTable(minimumCapacity: 3)
        _ = reserved.number(true)
        reserved.reserveCapacity(50_000)
        #expect(reserved.number(of: true) == 0)
        #expect(reserved.number(false) == (1, true))
    }
}
