// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

/// One subscriber's event stream: the `Mesos-Stream-Id` it was given and the framed RecordIO records the HTTP
/// response body writes out.
///
/// The master actor yields records without waiting for the client; the response body drains them in order.
public final class EventStream: Sendable {
    /// The `Mesos-Stream-Id` of the subscription.
    public let id: String

    /// The framed records, in order; the sequence ends when the master closes the stream.
    public let records: AsyncStream<Data>

    private let continuation: AsyncStream<Data>.Continuation

    /// Creates an open stream with a fresh id.
    public init() {
        id = UUID().uuidString.lowercased()
        (records, continuation) = AsyncStream.makeStream(of: Data.self)
    }

    /// Queues one event as a RecordIO record. Events that cannot be encoded are a programming error in the
    /// master (the protocol types always encode), so they are dropped rather than crashing the stream.
    func send(_ event: some Encodable) {
        guard let record = try? RecordIO.frame(message: event) else { return }
        continuation.yield(record)
    }

    /// Ends the stream after the queued records.
    func finish() {
        continuation.finish()
    }
}
