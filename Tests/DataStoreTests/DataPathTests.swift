import Testing
import RegoValue
@testable import DataStore

@Suite struct DataPathTests {
    @Test func parsesSlashSeparatedSegments() throws {
        #expect(try DataPath(urlPath: "a/b/c").segments == ["a", "b", "c"])
        #expect(try DataPath(urlPath: "/a/b/").segments == ["a", "b"])
    }

    @Test func emptyPathIsRoot() throws {
        #expect(try DataPath(urlPath: "").isRoot)
        #expect(try DataPath(urlPath: "/").isRoot)
    }

    @Test func decodesPercentEncoding() throws {
        #expect(try DataPath(urlPath: "users/alice%2Fbob/x%20y").segments == ["users", "alice/bob", "x y"])
    }

    @Test func rejectsEmptySegment() {
        #expect(throws: StoreError.self) { try DataPath(urlPath: "a//b") }
        do { _ = try DataPath(urlPath: "a//b") } catch { #expect(error.code == "bad_path") }
    }

    @Test func rejectsBadPercentEncoding() {
        do {
            _ = try DataPath(urlPath: "a/%zz")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "bad_path")
        }
    }

    @Test func pointerRoundTripsEscapes() throws {
        let path = DataPath(segments: ["a/b", "c~d", ""])
        #expect(path.pointer == "/a~1b/c~0d/")
        #expect(try DataPath(pointer: path.pointer) == path)
        #expect(try DataPath(pointer: "").isRoot)
        #expect(try DataPath(pointer: "/").isRoot)
    }

    @Test func pointerRejectsBadEscape() {
        do {
            _ = try DataPath(pointer: "/a~2")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "bad_path")
        }
    }

    @Test func urlPathRoundTrips() throws {
        let path = DataPath(segments: ["a/b", "100%", "x y"])
        #expect(try DataPath(urlPath: path.urlPath) == path)
    }

    @Test func containsItselfAndDescendants() {
        let a = DataPath(segments: ["a"])
        #expect(a.contains(DataPath(segments: ["a", "b"])))
        #expect(a.contains(a))
        #expect(!a.contains(DataPath(segments: ["ab"])))
        #expect(DataPath.root.contains(a))
    }
}
