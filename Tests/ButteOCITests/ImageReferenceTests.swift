// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Testing

@Suite struct ImageReferenceTests {
    static let hex = String(repeating: "ab", count: 32)

    struct Valid: Sendable, CustomTestStringConvertible {
        var input: String
        var domain: String
        var path: String
        var tag: String?
        var digest: String?
        var familiar: String
        var testDescription: String { input }
    }

    static let valid: [Valid] = [
        .init(input: "busybox", domain: "docker.io", path: "library/busybox", tag: "latest", familiar: "busybox:latest"),
        .init(input: "busybox:1.36", domain: "docker.io", path: "library/busybox", tag: "1.36", familiar: "busybox:1.36"),
        .init(input: "user/app", domain: "docker.io", path: "user/app", tag: "latest", familiar: "user/app:latest"),
        .init(input: "docker.io/library/busybox", domain: "docker.io", path: "library/busybox", tag: "latest", familiar: "busybox:latest"),
        .init(input: "index.docker.io/busybox", domain: "docker.io", path: "library/busybox", tag: "latest", familiar: "busybox:latest"),
        .init(input: "localhost/x", domain: "localhost", path: "x", tag: "latest", familiar: "localhost/x:latest"),
        .init(
            input: "localhost:5000/a/b:v1.0-rc_1", domain: "localhost:5000", path: "a/b", tag: "v1.0-rc_1", familiar: "localhost:5000/a/b:v1.0-rc_1"),
        .init(input: "localhost:5000", domain: "docker.io", path: "library/localhost", tag: "5000", familiar: "localhost:5000"),
        .init(input: "quay.io/org/app:tag", domain: "quay.io", path: "org/app", tag: "tag", familiar: "quay.io/org/app:tag"),
        .init(input: "127.0.0.1:5000/x", domain: "127.0.0.1:5000", path: "x", tag: "latest", familiar: "127.0.0.1:5000/x:latest"),
        .init(input: "[::1]:5000/x", domain: "[::1]:5000", path: "x", tag: "latest", familiar: "[::1]:5000/x:latest"),
        .init(input: "Registry/x", domain: "Registry", path: "x", tag: "latest", familiar: "Registry/x:latest"),
        .init(input: "a/b__c/d-e---f.g_h", domain: "docker.io", path: "a/b__c/d-e---f.g_h", tag: "latest", familiar: "a/b__c/d-e---f.g_h:latest"),
        .init(
            input: "busybox@sha256:\(hex)", domain: "docker.io", path: "library/busybox", digest: "sha256:\(hex)",
            familiar: "busybox@sha256:\(hex)"
        ),
        .init(
            input: "r.example.com:443/x:v2@sha256:\(hex)", domain: "r.example.com:443", path: "x", tag: "v2", digest: "sha256:\(hex)",
            familiar: "r.example.com:443/x:v2@sha256:\(hex)"
        ),
    ]

    @Test("valid references normalise as Docker does", arguments: valid)
    func parsesValid(_ v: Valid) throws {
        let r = try ImageReference(parsing: v.input)
        #expect(r.domain == v.domain)
        #expect(r.path == v.path)
        #expect(r.tag == v.tag)
        #expect(r.digest?.description == v.digest)
        #expect(r.description == v.familiar)
        #expect(try ImageReference(parsing: r.canonical) == r)
    }

    @Test("Docker Hub references use registry-1.docker.io for the API")
    func dockerHubHost() throws {
        #expect(try ImageReference(parsing: "busybox").registryHost == "registry-1.docker.io")
        #expect(try ImageReference(parsing: "busybox").canonical == "docker.io/library/busybox:latest")
        #expect(try ImageReference(parsing: "localhost:5000/x").registryHost == "localhost:5000")
        #expect(try ImageReference(parsing: "x:t").manifestReference == "t")
        #expect(try ImageReference(parsing: "x:t@sha256:\(Self.hex)").manifestReference == "sha256:\(Self.hex)")
    }

    static let invalid: [(String, String)] = [
        ("", "repository name must have at least one component"),
        ("Busybox", "invalid reference format: repository name must be lowercase"),
        ("docker.io/Library/busybox", "invalid reference format: repository name must be lowercase"),
        ("busybox:", "invalid tag format"),
        ("busybox:-bad", "invalid tag format"),
        ("busybox:" + String(repeating: "t", count: 129), "invalid tag format"),
        ("a//b", "invalid reference format"),
        ("a/b/", "invalid reference format"),
        ("-a", "invalid reference format"),
        ("a..b", "invalid reference format"),
        ("a___b", "invalid reference format"),
        ("a b", "invalid reference format"),
        ("localhost:port/x", "invalid reference format"),
        ("-host.com/x", "invalid reference format"),
        ("busybox@sha256:abc", "sha256 needs 64 hex characters"),
        ("busybox@md5:\(hex.prefix(32))", "unsupported algorithm"),
        (hex, "cannot specify 64-byte hexadecimal strings"),
        ("x.io/" + String(repeating: "a", count: 260), "repository name must not be more than 255 characters"),
    ]

    @Test("invalid references are refused with the reason", arguments: invalid)
    func refusesInvalid(_ input: String, _ reason: String) {
        #expect {
            try ImageReference(parsing: input)
        } throws: { error in
            guard let e = error as? OCIError else { return false }
            return e.code == .invalidReference && e.message.contains(reason)
        }
    }
}
