// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import HTTPTypes

extension ProtocolError {
    /// The answer to a request that failed with this error: 501 for an unknown call type, 400 for anything else
    /// (bad JSON, a missing or invalid field, a broken envelope), with the message as the plain-text body.
    public var httpError: HTTPAPIError {
        code == .unknownCall ? HTTPAPIError(.notImplemented, message) : HTTPAPIError(.badRequest, message)
    }
}
