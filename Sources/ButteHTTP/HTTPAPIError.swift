// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird

/// An error answered with a status code and a plain-text body, as Mesos answers API errors.
///
/// Mesos clients read error bodies as text (pymesos raises them verbatim), so the body is the message and nothing
/// else. Extra header fields carry what the status needs: `Allow` for 405, `WWW-Authenticate` for 401,
/// `Location` for 307.
public struct HTTPAPIError: HTTPResponseError, CustomStringConvertible {
    /// The status code answered.
    public var status: HTTPResponse.Status

    /// The plain-text body.
    public var message: String

    /// Header fields added to the response.
    public var headers: HTTPFields

    /// Creates an error answered with `status` and `message`.
    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// `status: message`.
    public var description: String { "\(status.code) \(message)" }

    /// Builds the plain-text response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        makeResponse()
    }

    /// The response this error stands for, independent of a request.
    public func makeResponse() -> Response {
        var fields = headers
        let body = ByteBuffer(string: message)
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: body))
    }

    /// 400 Bad Request.
    public static func badRequest(_ message: String) -> HTTPAPIError { HTTPAPIError(.badRequest, message) }

    /// 403 Forbidden.
    public static func forbidden(_ message: String) -> HTTPAPIError { HTTPAPIError(.forbidden, message) }

    /// 404 Not Found.
    public static func notFound(_ message: String) -> HTTPAPIError { HTTPAPIError(.notFound, message) }

    /// 405 Method Not Allowed, naming the allowed methods in `Allow`.
    public static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> HTTPAPIError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPAPIError(.methodNotAllowed, "Expecting one of { '\(names)' }, but received '\(method.rawValue)'", headers: [.allow: names])
    }

    /// 503 Service Unavailable.
    public static func unavailable(_ message: String) -> HTTPAPIError { HTTPAPIError(.serviceUnavailable, message) }
}
