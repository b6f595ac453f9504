// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird

/// HTTP Basic authentication against ``Credentials``, for the `--authenticate_http_*` flags.
public struct BasicAuthenticator: Sendable {
    /// The realm named in `WWW-Authenticate`, e.g. `mesos-master-scheduler`.
    public var realm: String

    /// The known principals.
    public var credentials: Credentials

    /// Creates an authenticator.
    public init(realm: String, credentials: Credentials) {
        self.realm = realm
        self.credentials = credentials
    }

    /// Returns the authenticated principal of a request.
    /// - Throws: ``HTTPAPIError`` 401 with `WWW-Authenticate` when the header is missing, malformed or wrong.
    public func authenticate(_ request: Request) throws(HTTPAPIError) -> String {
        try authenticate(authorization: request.headers[.authorization])
    }

    /// Returns the principal named by an `Authorization` header value.
    /// - Throws: ``HTTPAPIError`` 401 with `WWW-Authenticate` when the value is missing, malformed or wrong.
    public func authenticate(authorization: String?) throws(HTTPAPIError) -> String {
        guard let authorization else { throw unauthorized("Missing 'Authorization' header") }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else {
            throw unauthorized("Malformed 'Authorization' header; expecting Basic credentials")
        }
        let principal = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard credentials.verify(principal: principal, secret: secret) else {
            throw unauthorized("Authentication failed for principal '\(principal)'")
        }
        return principal
    }

    private func unauthorized(_ message: String) -> HTTPAPIError {
        HTTPAPIError(.unauthorized, message, headers: [.wwwAuthenticate: "Basic realm=\"\(realm)\""])
    }
}
