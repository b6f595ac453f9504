// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Testing

@Suite struct DigestTests {
    static let hex64 = String(repeating: "0123456789abcdef", count: 4)

    @Test("sha256 and sha512 digests of the right length parse")
    func parsesValid() throws {
        let d = try Digest(parsing: "sha256:\(Self.hex64)")
        #expect(d.algorithm == .sha256)
        #expect(d.encoded == Self.hex64)
        #expect(d.description == "sha256:\(Self.hex64)")
        #expect(try Digest(parsing: "sha512:\(Self.hex64)\(Self.hex64)").algorithm == .sha512)
    }

    @Test(
        "malformed digests are refused before they can name a path",
        arguments: [
            "sha256:../../../../tmp/x",
            "sha256:" + String(repeating: "A", count: 64),
            "sha256:" + String(repeating: "a", count: 63),
            "sha256:" + String(repeating: "a", count: 65),
            "sha512:" + String(repeating: "a", count: 64),
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "SHA256:" + String(repeating: "a", count: 64),
            "sha256" + String(repeating: "a", count: 64),
            ":" + String(repeating: "a", count: 64),
            "sha256:" + String(repeating: "a", count: 63) + "/",
            "",
        ]
    )
    func refusesInvalid(_ raw: String) {
        #expect(throws: OCIError.self) { try Digest(parsing: raw) }
    }

    @Test("computed digests match known SHA-256 and SHA-512 values")
    func computes() {
        #expect(Digest.compute(of: Array("abc".utf8)).encoded == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digest.compute(.sha512, of: Array("abc".utf8)).encoded
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        )
    }

    @Test("the verifier accepts matching content streamed in pieces and refuses changes")
    func verifier() throws {
        let content = Array("hello, layers".utf8)
        let digest = Digest.compute(of: content)
        var v = DigestVerifier(expected: digest, size: Int64(content.count))
        try v.update(content[0..<5])
        try v.update(content[5...])
        try v.verify()

        var wrong = DigestVerifier(expected: digest, size: Int64(content.count))
        try wrong.update(Array("hello, LAYERS".utf8))
        #expect(throws: OCIError.self) { try wrong.verify() }

        var short = DigestVerifier(expected: digest, size: Int64(content.count))
        try short.update(content.prefix(3))
        #expect { try short.verify() } throws: { ($0 as? OCIError)?.code == .sizeMismatch }

        var long = DigestVerifier(expected: digest, size: 4)
        #expect { try long.update(content) } throws: { ($0 as? OCIError)?.code == .sizeMismatch }
    }

    @Test("digests decode from JSON only when valid")
    func codable() throws {
        struct Box: Decodable { var d: Digest }
        let good = try JSONDecoderHelper.decode(Box.self, "{\"d\":\"sha256:\(Self.hex64)\"}")
        #expect(good.d.encoded == Self.hex64)
        #expect(throws: (any Error).self) { try JSONDecoderHelper.decode(Box.self, "{\"d\":\"sha256:../x\"}") }
    }
}
