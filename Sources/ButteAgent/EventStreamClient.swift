// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteProtocol
import Foundation
import NIOCore

/// A client of the Mesos-style HTTP APIs: one streaming `SUBSCRIBE` whose chunked RecordIO body is decoded as it
/// arrives, and short calls that carry the stream's `Mesos-Stream-Id`.
public struct EventStreamClient: Sendable {
    /// A failure to open a stream or to make a call.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, naming the endpoint.
        public var description: String
    }

    /// An open event stream.
    public struct Subscription: Sendable {
        /// The `Mesos-Stream-Id` the server gave it.
        public var streamID: String
        /// The events, in order; the sequence ends when the server closes the stream.
        public var events: AsyncThrowingStream<Data, any Error>
    }

    /// The HTTP client.
    public let http: HTTPClient
    /// The endpoint, e.g. `http://127.0.0.1:5050/api/v1/agent`.
    public let url: String

    /// Creates a client of `url`.
    public init(http: HTTPClient, url: String) {
        self.http = http
        self.url = url
    }

    /// POSTs a `SUBSCRIBE` call and returns once the response head arrived.
    /// - Throws: ``Failure`` naming the status and body when the server did not answer 200 with a stream id.
    public func subscribe(_ call: some Encodable & Sendable) async throws -> Subscription {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try ProtocolJSON.encode(call)))
        let response = try await http.execute(request, deadline: .distantFuture)
        guard response.status == .ok, let streamID = response.headers.first(name: "Mesos-Stream-Id") else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            let text = body.map { String(buffer: $0) } ?? ""
            throw Failure(description: "SUBSCRIBE to \(url) answered \(response.status.code)\(text.isEmpty ? "" : ": " + text)")
        }
        let body = response.body
        let events = AsyncThrowingStream<Data, any Error> { continuation in
            let reader = _Concurrency.Task {
                var decoder = RecordIODecoder()
                do {
                    for try await chunk in body {
                        for record in try decoder.decode(chunk.readableBytesView) { continuation.yield(record) }
                    }
                    try decoder.finish()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
        return Subscription(streamID: streamID, events: events)
    }

    /// POSTs a call on stream `streamID`.
    /// - Returns: the status code and body.
    @discardableResult
    public func post(_ call: some Encodable & Sendable, streamID: String?, timeout: Duration = .seconds(10)) async throws -> (
        status: Int, body: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let streamID { request.headers.add(name: "Mesos-Stream-Id", value: streamID) }
        request.body = .bytes(ByteBuffer(bytes: try ProtocolJSON.encode(call)))
        let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanosecondsRounded))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanosecondsRounded: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
