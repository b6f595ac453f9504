// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A one-shot watch left by `watchData`, `watchChildren` or `watchExists`: it fires once, with the
/// first change the server reports for its node, and never again.
///
/// A watch survives moving to another server of the ensemble (the client re-registers it); if the
/// session expires or the client closes first, `event()` throws `.sessionExpired` or `.closed`.
public final class ZooKeeperWatch: Sendable {
    private enum State {
        case waiting([Int: CheckedContinuation<WatchEvent, any Error>], nextID: Int)
        case done(Result<WatchEvent, ZooKeeperError>)
    }

    private let state = Mutex(State.waiting([:], nextID: 0))

    /// The client-relative path the watch was left on.
    public let path: String

    init(path: String) {
        self.path = path
    }

    /// Waits for the event.
    /// - Throws: `ZooKeeperError` (`.sessionExpired`, `.closed`) when the session ends first;
    ///   `CancellationError` when the waiting task is cancelled (the watch itself stays).
    public func event() async throws -> WatchEvent {
        let id: Int = state.withLock { state in
            guard case .waiting(let waiters, let nextID) = state else { return -1 }
            state = .waiting(waiters, nextID: nextID + 1)
            return nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<WatchEvent, any Error>? = state.withLock { state in
                    switch state {
                    case .waiting(var waiters, let nextID):
                        if Task.isCancelled { return .failure(CancellationError()) }
                        waiters[id] = continuation
                        state = .waiting(waiters, nextID: nextID)
                        return nil
                    case .done(let result):
                        return result.mapError { $0 as any Error }
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<WatchEvent, any Error>? = state.withLock { state in
                guard case .waiting(var waiters, let nextID) = state, let waiter = waiters.removeValue(forKey: id) else { return nil }
                state = .waiting(waiters, nextID: nextID)
                return waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// The event if the watch has fired, without waiting.
    public var firedEvent: WatchEvent? {
        state.withLock { state in
            if case .done(.success(let event)) = state { return event }
            return nil
        }
    }

    /// Completes the watch; later completions are ignored.
    func complete(_ result: Result<WatchEvent, ZooKeeperError>) {
        let waiters: [CheckedContinuation<WatchEvent, any Error>] = state.withLock { state in
            guard case .waiting(let waiters, _) = state else { return [] }
            state = .done(result)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }
}
