// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation
import Hummingbird

/// Reading a JSON call from a request.
public enum APIRequestBody {
    /// The largest call body accepted (a LAUNCH of many tasks with inline data fits comfortably).
    public static let maximumSize = 16 << 20

    /// Collects the body and decodes it with ``ProtocolJSON``.
    /// - Throws: ``HTTPAPIError`` 413 for an oversized body, ``ProtocolError`` for bad JSON or fields.
    public static func decode<Message: Decodable>(_ type: Message.Type, from request: Request, limit: Int = maximumSize) async throws -> Message {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HTTPAPIError(.contentTooLarge, "Request body is larger than \(limit) bytes")
        }
        if buffer.readableBytes == 0 {
            throw ProtocolError(.invalidJSON, "Request body is empty; expecting a JSON \(Message.self)")
        }
        return try ProtocolJSON.decode(type, from: buffer.readableBytesView)
    }
}
