// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird

/// The request checks of the Mesos v1 HTTP APIs: POST only, a JSON `Content-Type`, and an `Accept` that allows
/// JSON on streaming calls.
public enum MediaTypeRules {
    /// `application/json`.
    public static let json = "application/json"

    /// `application/x-protobuf`, which Mesos also speaks; Butte answers JSON only.
    public static let protobuf = "application/x-protobuf"

    /// Checks that the request carries a JSON body.
    /// - Throws: ``HTTPAPIError`` 400 when `Content-Type` is missing, 415 when it names another type (including
    ///   protobuf, which Butte does not speak).
    public static func requireJSONContentType(_ request: Request) throws(HTTPAPIError) {
        guard let value = request.headers[.contentType] else {
            throw HTTPAPIError(.badRequest, "Expecting 'Content-Type' to be present")
        }
        let type = mediaType(value)
        guard type == json else {
            throw HTTPAPIError(
                .unsupportedMediaType,
                "Expecting 'Content-Type' of \(json) (\(protobuf) is not supported by this server), but received '\(value)'"
            )
        }
    }

    /// Checks that the client accepts a JSON answer: an absent `Accept` means JSON.
    /// - Throws: ``HTTPAPIError`` 406 otherwise.
    public static func requireAcceptsJSON(_ request: Request) throws(HTTPAPIError) {
        guard let value = request.headers[.accept] else { return }
        let accepted = value.split(separator: ",").map { mediaType(String($0)) }
        if accepted.contains(where: { $0 == json || $0 == "application/*" || $0 == "*/*" }) { return }
        throw HTTPAPIError(.notAcceptable, "Expecting 'Accept' to allow '\(json)'")
    }

    /// The lower-cased type/subtype of a media type header value, without parameters.
    static func mediaType(_ value: String) -> String {
        let base = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
