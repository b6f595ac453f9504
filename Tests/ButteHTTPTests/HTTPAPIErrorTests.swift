// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteHTTP
import ButteProtocol
import Hummingbird
import Testing

@Suite("HTTPAPIError")
struct HTTPAPIErrorTests {
    @Test("unknown call types map to 501, every other protocol error to 400 with its message")
    func protocolErrors() {
        #expect(ProtocolError(.unknownCall, "call type X is not supported").httpError.status == .notImplemented)
        let missing = ProtocolError(.missingField, "missing required field 'subscribe.framework_info'").httpError
        #expect(missing.status == .badRequest)
        #expect(missing.message == "missing required field 'subscribe.framework_info'")
        #expect(ProtocolError(.invalidJSON, "bad").httpError.status == .badRequest)
    }

    @Test("the response is plain text with a Content-Length")
    func response() {
        let response = HTTPAPIError.forbidden("Framework is not subscribed").makeResponse()
        #expect(response.status == .forbidden)
        #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
        #expect(response.headers[.contentLength] == "27")
    }

    @Test("405 names the allowed methods in Allow")
    func methodNotAllowed() {
        let error = HTTPAPIError.methodNotAllowed(.get, allowed: [.post])
        #expect(error.status == .methodNotAllowed)
        #expect(error.headers[.allow] == "POST")
    }

    @Test("202 answers carry Content-Length 0")
    func accepted() {
        let response = APIResponses.accepted()
        #expect(response.status == .accepted)
        #expect(response.headers[.contentLength] == "0")
    }
}
