// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteHTTP
import Foundation
import Testing

@Suite("Credentials")
struct CredentialsTests {
    @Test("the JSON form is read")
    func json() throws {
        let credentials = try Credentials(
            parsing: Data(#"{"credentials":[{"principal":"ops","secret":"s3cret"},{"principal":"web","secret":"w"}]}"#.utf8))
        #expect(credentials.secrets == ["ops": "s3cret", "web": "w"])
    }

    @Test("the text form, one 'principal secret' per line, is read")
    func text() throws {
        let credentials = try Credentials(parsing: Data("ops s3cret\n\nweb\tw\n".utf8))
        #expect(credentials.secrets == ["ops": "s3cret", "web": "w"])
    }

    @Test("malformed files are refused naming the problem", arguments: ["", "{\"credentials\":[{\"principal\":1}]}", "one two three\n"])
    func malformed(_ text: String) {
        #expect(throws: CredentialsError.self) { try Credentials(parsing: Data(text.utf8)) }
    }

    @Test("verify matches principal and secret exactly")
    func verify() {
        let credentials = Credentials(secrets: ["ops": "s3cret"])
        #expect(credentials.verify(principal: "ops", secret: "s3cret"))
        #expect(!credentials.verify(principal: "ops", secret: "s3cre"))
        #expect(!credentials.verify(principal: "ops", secret: "s3cret!"))
        #expect(!credentials.verify(principal: "web", secret: "s3cret"))
    }
}
