// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

/// Delivers task status updates to the master at least once: the updates of one task go out in order, one
/// at a time, each re-sent with doubling intervals until the master relays the framework's acknowledgement.
public actor StatusUpdateManager {
    /// Sends one `UPDATE` to the master; failures are left to the retries.
    public typealias Sender = @Sendable (AgentCall.Update) async -> Void

    struct Stream {
        var frameworkID: FrameworkID
        var pending: [TaskStatus]
        var retry: _Concurrency.Task<Void, Never>?
    }

    private var streams: [String: Stream] = [:]
    private var sender: Sender?
    private let firstRetry: Duration
    private let maxRetry: Duration

    /// Creates a manager that retries after `firstRetry`, doubling up to `maxRetry`.
    public init(firstRetry: Duration = .seconds(10), maxRetry: Duration = .seconds(600)) {
        self.firstRetry = firstRetry
        self.maxRetry = maxRetry
    }

    static func key(_ frameworkID: FrameworkID, _ taskID: TaskID) -> String { frameworkID.value + "\u{0}" + taskID.value }

    /// Starts sending through `sender` (a new master stream): the oldest update of every task goes out now.
    public func connect(_ sender: @escaping Sender) {
        self.sender = sender
        for key in streams.keys { sendHead(key) }
    }

    /// Stops sending until the next ``connect(_:)``; updates keep queueing.
    public func disconnect() {
        sender = nil
        for key in streams.keys {
            streams[key]?.retry?.cancel()
            streams[key]?.retry = nil
        }
    }

    /// Queues an update (which must carry a `uuid`); it is sent once the ones before it are acknowledged.
    public func enqueue(_ status: TaskStatus, frameworkID: FrameworkID) {
        let key = Self.key(frameworkID, status.taskID)
        if streams[key] == nil { streams[key] = Stream(frameworkID: frameworkID, pending: []) }
        streams[key]?.pending.append(status)
        if streams[key]?.pending.count == 1 { sendHead(key) }
    }

    /// Records an acknowledgement: the task's oldest update stops being retried and the next one goes out.
    /// Acknowledgements of anything but the oldest pending update are ignored.
    /// - Returns: whether it acknowledged a pending update.
    @discardableResult
    public func acknowledge(frameworkID: FrameworkID, taskID: TaskID, uuid: Data) -> Bool {
        let key = Self.key(frameworkID, taskID)
        guard var stream = streams[key], let head = stream.pending.first, head.uuid == uuid else { return false }
        stream.retry?.cancel()
        stream.retry = nil
        stream.pending.removeFirst()
        if stream.pending.isEmpty {
            streams[key] = nil
        } else {
            streams[key] = stream
            sendHead(key)
        }
        return true
    }

    /// Drops every pending update of a framework (it was shut down).
    public func drop(frameworkID: FrameworkID) {
        for (key, stream) in streams where stream.frameworkID == frameworkID {
            stream.retry?.cancel()
            streams[key] = nil
        }
    }

    /// The oldest unacknowledged update of a task, or nil.
    public func oldestPending(frameworkID: FrameworkID, taskID: TaskID) -> TaskStatus? {
        streams[Self.key(frameworkID, taskID)]?.pending.first
    }

    /// How many updates wait for an acknowledgement.
    public var pendingCount: Int { streams.values.reduce(0) { $0 + $1.pending.count } }

    /// Whether a task has updates waiting.
    public func hasPending(frameworkID: FrameworkID, taskID: TaskID) -> Bool { streams[Self.key(frameworkID, taskID)] != nil }

    private func sendHead(_ key: String) {
        guard var stream = streams[key], let head = stream.pending.first else { return }
        stream.retry?.cancel()
        guard let sender else {
            stream.retry = nil
            streams[key] = stream
            return
        }
        let latest = stream.pending.last?.state
        let update = AgentCall.Update(frameworkID: stream.frameworkID, status: head, latestState: latest == head.state ? nil : latest)
        let first = firstRetry
        let cap = maxRetry
        stream.retry = _Concurrency.Task {
            var delay = first
            while !_Concurrency.Task.isCancelled {
                await sender(update)
                do { try await _Concurrency.Task.sleep(for: delay) } catch { return }
                delay = min(delay * 2, cap)
            }
        }
        streams[key] = stream
    }
}
