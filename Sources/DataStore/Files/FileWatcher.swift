import Foundation

/// Polls the policy and data folders' `FileFingerprint` every `interval` on a background task and
/// calls `onChange` when it differs from the last one seen. Polling sleeps between checks (no
/// busy loop) and reads only file metadata.
///
/// ```swift
/// let watcher = store.makeFileWatcher()
/// watcher.start()
/// // … on shutdown:
/// watcher.stop()
/// ```
///
/// `@unchecked Sendable`: `task` is read and written only while `lock` is held.
public final class FileWatcher: @unchecked Sendable {
    /// The folders watched (nil: not watched).
    public let policiesFolder: String?
    public let dataFolder: String?
    /// Time between two polls.
    public let interval: Duration
    private let onChange: @Sendable () -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    /// Makes a stopped watcher; `onChange` runs on the watcher's task.
    public init(policiesFolder: String?, dataFolder: String?, interval: Duration = .milliseconds(500),
                onChange: @escaping @Sendable () -> Void) {
        self.policiesFolder = policiesFolder
        self.dataFolder = dataFolder
        self.interval = interval
        self.onChange = onChange
    }

    deinit { task?.cancel() }

    /// Whether the polling task is running.
    public var isRunning: Bool { lock.withLock { task != nil } }

    /// Starts polling; the fingerprint at start is the baseline. Starting twice does nothing.
    public func start() {
        lock.withLock {
            guard task == nil else { return }
            let policiesFolder = policiesFolder, dataFolder = dataFolder, interval = interval, onChange = onChange
            let baseline = FileFingerprint(policiesFolder: policiesFolder, dataFolder: dataFolder)
            task = Task.detached(priority: .utility) {
                var last = baseline
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    let now = FileFingerprint(policiesFolder: policiesFolder, dataFolder: dataFolder)
                    guard now != last else { continue }
                    last = now
                    onChange()
                }
            }
        }
    }

    /// Stops polling; a change being handled finishes first. Stopping twice does nothing.
    public func stop() {
        let running = lock.withLock {
            defer { task = nil }
            return task
        }
        running?.cancel()
    }
}
