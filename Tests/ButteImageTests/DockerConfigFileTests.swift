// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation
import Testing

@Suite struct DockerConfigFileTests {
    @Test("auths entries are decoded from base64 and keyed by the domain references use")
    func auths() throws {
        let hub = Data("alice:pa:ss".utf8).base64EncodedString()
        let json = #"{"auths":{"https://index.docker.io/v1/":{"auth":"\#(hub)"},"host:5000":{"username":"bob","password":"pw"},"quay.io":{}}}"#
        let file = try DockerConfigFile.parse(Array(json.utf8))
        #expect(file.credentials["docker.io"] == RegistryCredentials(user: "alice", password: "pa:ss"))
        #expect(file.credentials["host:5000"] == RegistryCredentials(user: "bob", password: "pw"))
        #expect(file.credentials["quay.io"] == nil)
    }

    @Test("a bad auth entry is an error naming the registry but not the secret")
    func badEntry() {
        #expect {
            try DockerConfigFile.parse(Array(#"{"auths":{"r.example":{"auth":"%%%"}}}"#.utf8))
        } throws: { e in "\(e)".contains("r.example") && !"\(e)".contains("%%%") }
    }

    @Test("a missing file has no credentials")
    func missing() throws {
        #expect(try DockerConfigFile.load(path: "/nonexistent/config.json").credentials.isEmpty)
    }

    @Test("credentials print without the password")
    func redacted() {
        #expect(!"\(RegistryCredentials(user: "u", password: "hunter2"))".contains("hunter2"))
    }
}
