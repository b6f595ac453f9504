// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A streaming `200 OK` whose body is a RecordIO stream of events, as the SUBSCRIBE calls answer.
///
/// Each element of `records` must already be one framed record (``RecordIO/frame(_:)``). It is written as one
/// chunk and flushed at once, and nothing else is written between records, because pymesos only recognises a
/// record when the length prefix starts its buffer. The body is sent with `Transfer-Encoding: chunked`: no
/// `Content-Length` is set.
public enum RecordIOStream {
    /// The header naming a scheduler's (or agent's) event stream.
    public static let streamIDHeader = HTTPField.Name("Mesos-Stream-Id")!

    /// Builds the response.
    /// - Parameters:
    ///   - streamID: The value of `Mesos-Stream-Id`, or nil to leave it out (the executor API has none).
    ///   - records: Framed records; the body ends when the sequence finishes.
    ///   - channel: The connection; when given, its closing by the client is reported through `onClose` at
    ///     once instead of at the next failed write.
    ///   - onClose: Called when the body ends (the sequence finished, or a write failed because the client went
    ///     away) and when the client closes the connection; may be called twice. The master uses it to learn
    ///     that a subscriber disconnected.
    public static func response(
        streamID: String?,
        records: AsyncStream<Data>,
        channel: (any Channel)? = nil,
        onClose: @escaping @Sendable () async -> Void
    ) -> Response {
        if let channel {
            ConnectionCloseWatcher.install(on: channel) { _Concurrency.Task { await onClose() } }
        }
        var headers: HTTPFields = [.contentType: MediaTypeRules.json, .cacheControl: "no-cache"]
        if let streamID { headers[streamIDHeader] = streamID }
        let body = ResponseBody { writer in
            var failure: (any Error)?
            do {
                for await record in records {
                    try await writer.write(ByteBuffer(bytes: record))
                }
            } catch {
                failure = error
            }
            await onClose()
            if let failure { throw failure }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
