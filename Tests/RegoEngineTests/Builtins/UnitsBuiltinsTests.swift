import Testing
import RegoValue
@testable import RegoEngine

/// `units.parse` and `units.parse_bytes` beyond OPA's conformance cases (which the ratchet runs):
/// the errors, and the values worked out by hand.
@Suite struct UnitsBuiltinsTests {
    @Test func exactIntegersAndFractions() throws {
        #expect(try callText("units.parse", "10Ei") == "11529215046068469760")   // 10 × 2^60
        #expect(try callText("units.parse", "10E") == "10000000000000000000")
        #expect(try callText("units.parse", "1.5Gi") == "1610612736")
        #expect(try call("units.parse", "1.1Ki") == 1126.4)
        #expect(try call("units.parse", "250m") == 0.25)
        #expect(try call("units.parse", "-3.5E2m") == -0.35)
        #expect(try call("units.parse", "+2K") == 2000)
        #expect(try call("units.parse", "1e-2") == 0.01)
        // Trailing zeros make a whole number even below the decimal point.
        #expect(try callText("units.parse", "1.000K") == "1000")
        #expect(try callText("units.parse", "1500m") == "1.5")
    }

    @Test func megaAndMilliByCaseOtherUnitsInAnyCase() throws {
        #expect(try call("units.parse", "3M") == 3_000_000)
        #expect(try call("units.parse", "3m") == 0.003)
        for unit in ["mi", "Mi", "mI", "MI"] { #expect(try call("units.parse", .string("1" + unit)) == 1_048_576) }
        for unit in ["k", "K"] { #expect(try call("units.parse", .string("2" + unit)) == 2000) }
        for unit in ["gi", "GI"] { #expect(try call("units.parse", .string("1" + unit)) == 1_073_741_824) }
    }

    @Test func bytesAreWholeAndCaseInsensitive() throws {
        #expect(try call("units.parse_bytes", "1.1KiB") == 1126)            // 1126.4, the fraction dropped
        #expect(try call("units.parse_bytes", "100m") == 100_000_000)        // mega: no milli bytes
        #expect(try call("units.parse_bytes", "7B") == 7)
        #expect(try call("units.parse_bytes", "7b") == 7)
        #expect(try call("units.parse_bytes", "1e-2KB") == 10)
        #expect(try call("units.parse_bytes", "\"2MIB\"") == 2_097_152)
        #expect(try call("units.parse_bytes", "0.4") == 0)
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(callError("units.parse", "")?.message == "no amount provided")
        #expect(callError("units.parse", "G")?.message == "no amount provided")
        #expect(callError("units.parse", ".")?.message == "no amount provided")
        #expect(callError("units.parse_bytes", "GB")?.message == "no byte amount provided")
        #expect(callError("units.parse_bytes", "-5KB")?.message == "no byte amount provided")
        #expect(callError("units.parse", "10 K")?.message == "spaces not allowed in resource strings")
        #expect(callError("units.parse_bytes", " 10KB")?.message == "spaces not allowed in resource strings")
        #expect(callError("units.parse", "10KB")?.message.hasPrefix("unit \"KB\" not recognized") == true)
        #expect(callError("units.parse", "10mm")?.message.hasPrefix("unit \"mm\" not recognized") == true)
        #expect(callError("units.parse_bytes", "10kbb")?.message.hasPrefix("byte unit \"kbb\" not recognized") == true)
        #expect(callError("units.parse_bytes", "10ZiB")?.message.hasPrefix("byte unit \"zib\" not recognized") == true)
        #expect(callError("units.parse", "1e999999K")?.message == "amount \"1e999999K\" is too large")
        #expect(callError("units.parse", 10)?.kind == .type)
    }
}
