import Foundation
import Testing
@testable import DataStore

@Suite struct FileWatcherTests {
    @Test func detectsAModifiedFile() async throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a.json", #"{"a": 1}"#)
        let changes = Counter()
        let watcher = FileWatcher(policiesFolder: nil, dataFolder: folder.url("data"), interval: .milliseconds(20)) {
            changes.increment()
        }
        watcher.start()
        defer { watcher.stop() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(changes.value == 0)
        // Written in one step: written in place, a poll between the truncation and the write sees
        // the file emptied, a change of its own.
        try folder.write("data/a.json", #"{"a": 1234}"#, atomically: true)
        for _ in 0..<100 where changes.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(changes.value == 1)
        // Reported once: later polls of the unchanged file report nothing.
        try await Task.sleep(for: .milliseconds(100))
        #expect(changes.value == 1)
        watcher.stop()
        #expect(!watcher.isRunning)
    }

    @Test func storeWatcherReloadsFiles() async throws {
        let folder = try TemporaryFolder()
        try folder.write("data/a.json", #"{"a": 1}"#)
        let store = try StateStore(databasePath: folder.url("db.sqlite"), dataFolder: folder.url("data"))
        let watcher = store.makeFileWatcher(interval: .milliseconds(20))
        watcher.start()
        defer { watcher.stop() }
        try folder.write("data/a.json", #"{"a": 22}"#, atomically: true)
        for _ in 0..<100 where store.snapshot.revision == 1 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(store.snapshot.data == ["a": 22])
    }
}

/// A thread-safe counter for callbacks.
final class Counter: @unchecked Sendable {
    // `count` is touched only under `lock`.
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
