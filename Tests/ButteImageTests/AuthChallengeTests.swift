// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Testing

@Suite struct AuthChallengeTests {
    @Test("a Docker Hub Bearer challenge with a quoted scope containing commas")
    func bearer() throws {
        let c = try AuthChallenge.parse([
            #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push""#
        ])
        #expect(c.count == 1)
        #expect(c[0].scheme == "bearer")
        #expect(c[0].realm == "https://auth.docker.io/token")
        #expect(c[0].parameters["service"] == "registry.docker.io")
        #expect(c[0].parameters["scope"] == "repository:samalba/my-app:pull,push")
    }

    @Test("several challenges in one value and in several values, case-insensitive schemes")
    func several() throws {
        let c = try AuthChallenge.parse([#"BASIC realm="a", Bearer realm="b",service=s"#, #"basic realm="c""#])
        #expect(c.map(\.scheme) == ["basic", "bearer", "basic"])
        #expect(c.map(\.realm) == ["a", "b", "c"])
        #expect(c[1].parameters["service"] == "s")
    }

    @Test("escaped quotes and empty values")
    func escapes() throws {
        let c = try AuthChallenge.parse([#"Bearer realm="x\"y",empty="",bare=tok"#])
        #expect(c[0].realm == #"x"y"#)
        #expect(c[0].parameters["empty"] == "")
        #expect(c[0].parameters["bare"] == "tok")
    }

    @Test("malformed and oversized values are refused", arguments: [#"Bearer realm="open"#, "=x", String(repeating: "a", count: 20000)])
    func malformed(_ value: String) {
        #expect(throws: ImageError.self) { try AuthChallenge.parse([value]) }
    }
}
