// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Testing

@Suite struct PlatformTests {
    static func descriptor(_ p: Platform?, _ n: Character) throws -> Descriptor {
        Descriptor(
            mediaType: .ociManifest,
            digest: try Digest(parsing: "sha256:" + String(repeating: n, count: 64)),
            size: 1,
            platform: p
        )
    }

    @Test("aliases normalise to the image-spec spelling")
    func normalises() {
        #expect(Platform(os: "linux", architecture: "x86_64").normalized == Platform(os: "linux", architecture: "amd64"))
        #expect(Platform(os: "linux", architecture: "aarch64").normalized == Platform(os: "linux", architecture: "arm64", variant: "v8"))
        #expect(Platform(os: "linux", architecture: "arm64", variant: "8").normalized.variant == "v8")
        #expect(Platform(os: "linux", architecture: "armhf").normalized == Platform(os: "linux", architecture: "arm", variant: "v7"))
        #expect(Platform(os: "linux", architecture: "arm").normalized.variant == "v7")
        #expect(Platform(os: "linux", architecture: "i686").normalized.architecture == "386")
    }

    @Test("selection prefers the exact platform and treats arm64 as arm64/v8")
    func selects() throws {
        let manifests = [
            try Self.descriptor(Platform(os: "linux", architecture: "amd64"), "1"),
            try Self.descriptor(Platform(os: "linux", architecture: "arm", variant: "v6"), "2"),
            try Self.descriptor(Platform(os: "linux", architecture: "arm", variant: "v7"), "3"),
            try Self.descriptor(Platform(os: "linux", architecture: "arm64"), "4"),
            try Self.descriptor(nil, "5"),
        ]
        #expect(try Platform(os: "linux", architecture: "x86_64").select(from: manifests).digest.encoded.first == "1")
        #expect(try Platform(os: "linux", architecture: "arm64", variant: "v8").select(from: manifests).digest.encoded.first == "4")
        #expect(try Platform(os: "linux", architecture: "arm", variant: "v7").select(from: manifests).digest.encoded.first == "3")
        // An arm v8 (32-bit) host runs the newest variant it can.
        #expect(try Platform(os: "linux", architecture: "arm", variant: "v8").select(from: manifests).digest.encoded.first == "3")
        // v5 cannot run v6 or v7.
        #expect(throws: OCIError.self) { try Platform(os: "linux", architecture: "arm", variant: "v5").select(from: manifests) }
    }

    @Test("no match lists the platforms offered")
    func noMatch() throws {
        let manifests = [try Self.descriptor(Platform(os: "linux", architecture: "s390x"), "1")]
        #expect {
            try Platform(os: "linux", architecture: "amd64").select(from: manifests)
        } throws: { e in
            guard let e = e as? OCIError else { return false }
            return e.code == .noMatchingPlatform && e.message.contains("linux/s390x")
        }
    }

    @Test("the host platform is a normalised linux platform")
    func host() {
        let h = Platform.host
        #expect(h.os == "linux")
        #expect(h == h.normalized)
        #expect(["amd64", "arm64", "arm", "386", "ppc64le", "s390x", "riscv64"].contains(h.architecture))
    }

    @Test("platform strings parse and print", arguments: ["linux/amd64", "linux/arm64/v8"])
    func parses(_ s: String) throws {
        #expect(try Platform(parsing: s).description == s)
    }
}
