// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Foundation
import Testing

@Suite struct LayerStreamTests {
    static func layer() throws -> (tar: [UInt8], gz: [UInt8]) {
        let tar = try Python.tar("add('etc/os-release', data=b'ID=butte\\n')\nadd('bin/.wh.old')")
        let gz = try Python.run(
            "import gzip, sys\nsys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read()))".replacingOccurrences(
                of: "sys.stdin.buffer.read()",
                with: "bytes.fromhex('\(tar.map { String(format: "%02x", $0) }.joined())')"
            )
        )
        return (tar, gz)
    }

    static func stream(_ blob: [UInt8], _ descriptor: Descriptor, diffID: Digest?, into s: Scratch) throws -> LayerUnpacker.Summary {
        let unpacker = try LayerUnpacker(directory: s.layer.path)
        let stream = try LayerStream(descriptor: descriptor, diffID: diffID, unpacker: unpacker)
        var i = 0
        while i < blob.count {
            let end = min(i + 100, blob.count)
            try Array(blob[i..<end]).withUnsafeBytes { try stream.write($0) }
            i = end
        }
        return try stream.finish()
    }

    @Test("a gzip layer is verified, decompressed, checked against its diff ID and unpacked in one pass")
    func onePass() throws {
        let (tar, gz) = try Self.layer()
        let s = try Scratch()
        let d = Descriptor(mediaType: .dockerLayerTarGzip, digest: Digest.compute(of: gz), size: Int64(gz.count))
        let summary = try Self.stream(gz, d, diffID: Digest.compute(of: tar), into: s)
        #expect(summary.entries == 2)
        #expect(try String(contentsOfFile: s.path("etc/os-release"), encoding: .utf8) == "ID=butte\n")
        #expect(s.lstat("bin/old")!.st_mode & S_IFMT == S_IFCHR)
    }

    @Test("an uncompressed layer streams too")
    func plainTar() throws {
        let (tar, _) = try Self.layer()
        let d = Descriptor(mediaType: .ociLayerTar, digest: Digest.compute(of: tar), size: Int64(tar.count))
        let s = try Scratch()
        try Self.stream(tar, d, diffID: Digest.compute(of: tar), into: s)
        #expect(FileManager.default.fileExists(atPath: s.path("etc/os-release")))
    }

    @Test("a wrong blob digest, a wrong diff ID or an oversized blob fail verification")
    func mismatches() throws {
        let (tar, gz) = try Self.layer()
        let wrong = Digest.compute(of: Array("other".utf8))
        let good = Descriptor(mediaType: .ociLayerTarGzip, digest: Digest.compute(of: gz), size: Int64(gz.count))
        let badDigest = Descriptor(mediaType: .ociLayerTarGzip, digest: wrong, size: Int64(gz.count))
        let short = Descriptor(mediaType: .ociLayerTarGzip, digest: Digest.compute(of: gz), size: 10)
        for (descriptor, diffID) in [(badDigest, Digest.compute(of: tar)), (good, wrong), (short, Digest.compute(of: tar))] {
            #expect {
                try Self.stream(gz, descriptor, diffID: diffID, into: try Scratch())
            } throws: { ($0 as? ImageError)?.code == .verification }
        }
    }

    @Test("non-layer media types are refused up front")
    func unsupported() throws {
        let s = try Scratch()
        let digest = Digest.compute(of: [])
        for type in [MediaType.ociConfig, .ociManifest] {
            #expect(throws: ImageError.self) {
                try LayerStream(
                    descriptor: Descriptor(mediaType: type, digest: digest, size: 0),
                    diffID: nil,
                    unpacker: try LayerUnpacker(directory: s.layer.path)
                )
            }
        }
    }
}
