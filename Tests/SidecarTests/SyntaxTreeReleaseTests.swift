import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Sidecar

/// The server's first load keeps its syntax trees until the server listens, then frees them;
/// later loads free theirs at once.
@Suite struct SyntaxTreeReleaseTests {
    @Test func theFirstLoadHoldsItsTreesUntilTheServerListens() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let server = try fixture.server()
        #expect(server.runtime.current.loaded)
        let held = server.runtime.heldTrees.withLock { $0 }
        #expect(held.count == 1)
        #expect(held.first?.modules.count == 1)
        let app = try server.application()
        try await app.test(.live) { _ in
            #expect(server.runtime.heldTrees.withLock { $0.isEmpty })
        }
        await server.shutdown()
    }

    @Test func releasedTreesAreFreed() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let server = try fixture.server()
        let trees = try #require(server.runtime.heldTrees.withLock { $0.first })
        server.runtime.releaseHeldSyntaxTrees(after: 0)
        #expect(server.runtime.heldTrees.withLock { $0.isEmpty })
        let deadline = Date().addingTimeInterval(10)
        while !trees.modules.isEmpty && Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(trees.modules.isEmpty)
        await server.shutdown()
    }

    @Test func reloadsHoldNothing() async throws {
        let fixture = try SidecarFixture()
        defer { fixture.remove() }
        let server = try fixture.server()
        server.runtime.releaseHeldSyntaxTrees(after: 0)
        try fixture.write("package extra\n\nx := 1\n", to: "policies/extra.rego")
        #expect(server.reloadFiles().isEmpty)
        #expect(server.runtime.current.policy.packages.contains(["extra"]))
        #expect(server.runtime.heldTrees.withLock { $0.isEmpty })
        await server.shutdown()
    }
}
