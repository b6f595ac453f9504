// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteHTTP
import Foundation
import Hummingbird
import Testing

@Suite("BasicAuthenticator")
struct BasicAuthenticatorTests {
    let authenticator = BasicAuthenticator(realm: "mesos-master-scheduler", credentials: Credentials(secrets: ["ops": "s3cret"]))

    static func header(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("good credentials yield the principal")
    func good() throws {
        #expect(try authenticator.authenticate(authorization: Self.header("ops", "s3cret")) == "ops")
    }

    @Test("missing, malformed or wrong credentials are 401 with WWW-Authenticate naming the realm")
    func bad() {
        for value in [nil, "Bearer abc", "Basic !!!", Self.header("ops", "nope"), Self.header("who", "s3cret")] {
            do {
                _ = try authenticator.authenticate(authorization: value)
                Issue.record("\(value ?? "nil") was accepted")
            } catch {
                #expect(error.status == .unauthorized)
                #expect(error.headers[.wwwAuthenticate] == "Basic realm=\"mesos-master-scheduler\"")
            }
        }
    }
}
