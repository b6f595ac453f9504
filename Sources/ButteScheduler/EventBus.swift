// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Synchronization

/// Fans Marathon events out to the `/v2/events` subscribers.
public final class EventBus: Sendable {
    /// One event: its type and its payload (which carries `eventType` and `timestamp`).
    public struct Event: Sendable {
        /// `eventType`.
        public var type: String
        /// Full payload.
        public var payload: JSON
    }

    private struct Subscriber: Sendable {
        var filter: Set<String>
        var continuation: AsyncStream<Event>.Continuation
    }

    private let subscribers = Mutex<[UUID: Subscriber]>([:])

    /// A bus without subscribers.
    public init() {}

    /// Number of attached subscribers.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Publishes an event to every subscriber whose filter admits it; `eventType` and `timestamp` are added.
    public func publish(_ type: String, _ fields: [String: JSON]) {
        var payload = fields
        payload["eventType"] = .string(type)
        payload["timestamp"] = .string(Timestamp.now().description)
        let event = Event(type: type, payload: .object(payload))
        subscribers.withLock { all in
            for subscriber in all.values where subscriber.filter.isEmpty || subscriber.filter.contains(type) {
                subscriber.continuation.yield(event)
            }
        }
    }

    /// Attaches a subscriber; the stream ends when the subscriber's task is cancelled or the stream is dropped.
    /// - Parameter types: Event types to receive; empty for all.
    public func subscribe(types: Set<String>) -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(1024))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = Subscriber(filter: types, continuation: continuation) }
        return stream
    }
}
