// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation
import HTTPTypes
import Hummingbird

/// Responses of the Mesos HTTP APIs.
public enum APIResponses {
    /// `202 Accepted` with `Content-Length: 0`, the answer to an asynchronous call.
    ///
    /// pymesos reads the body of every answer, so the length is always announced.
    public static func accepted() -> Response {
        Response(status: .accepted, headers: [.contentLength: "0"], body: ResponseBody())
    }

    /// `200 OK` with an empty body, as Mesos answers `/health`.
    public static func emptyOK() -> Response {
        Response(status: .ok, headers: [.contentLength: "0"], body: ResponseBody())
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(bytes: data)
        return Response(
            status: status,
            headers: [.contentType: MediaTypeRules.json, .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer)
        )
    }

    /// A protocol message encoded with ``ProtocolJSON`` (one line, ASCII).
    /// - Throws: ``ProtocolError`` when the message cannot be encoded.
    public static func message(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(ProtocolError) -> Response {
        json(try ProtocolJSON.encode(value), status: status)
    }

    /// A body of another type (HTML, JavaScript, CSS).
    public static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: status,
            headers: [.contentType: contentType, .contentLength: String(buffer.readableBytes)],
            body: ResponseBody(byteBuffer: buffer)
        )
    }

    /// `307 Temporary Redirect` to `location`.
    public static func redirect(to location: String) -> Response {
        Response(status: .temporaryRedirect, headers: [.location: location, .contentLength: "0"], body: ResponseBody())
    }
}
