// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation
import Testing

@Suite struct ZstdDecoderTests {
    /// Compresses with zstd(1).
    static func zstd(_ data: [UInt8], _ args: [String] = []) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("butte-zstd-\(UUID().uuidString)")
        try Data(data).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Python.run(
            "import subprocess,sys\nsys.stdout.buffer.write(subprocess.run(['zstd','-q','-c']+sys.argv[2:],stdin=open(sys.argv[1],'rb'),capture_output=True,check=True).stdout)",
            args: [file.path] + args
        )
    }

    static func decode(_ input: [UInt8], chunk: Int = 7) throws -> [UInt8] {
        let d = try ZstdDecoder(outputChunkSize: 1024)
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            let end = min(i + chunk, input.count)
            try Array(input[i..<end]).withUnsafeBytes { try d.decode($0) { out += $0 } }
            i = end
        }
        try d.finish { out += $0 }
        return out
    }

    static let text = Array((0..<5000).map { "line \($0) of the test data\n" }.joined().utf8)

    @Test("decodes in small input chunks with output larger than its chunk size")
    func decodes() throws {
        #expect(try Self.decode(try Self.zstd(Self.text)) == Self.text)
        #expect(try Self.decode(try Self.zstd(Self.text), chunk: 1 << 20) == Self.text)
    }

    @Test("concatenated frames decode to the concatenation")
    func frames() throws {
        let a = try Self.zstd(Array("first\n".utf8))
        let b = try Self.zstd(Array("second\n".utf8))
        #expect(try Self.decode(a + b) == Array("first\nsecond\n".utf8))
    }

    @Test("truncated, corrupt, trailing garbage and empty streams are errors")
    func errors() throws {
        let good = try Self.zstd(Self.text)
        let cases: [[UInt8]] = [Array(good.dropLast(10)), Array(good.prefix(4)) + Array(repeating: 0x55, count: 50), good + Array("junk".utf8), []]
        for c in cases {
            #expect { try Self.decode(c) } throws: { ($0 as? ImageError)?.code == .decompression }
        }
    }

    @Test("a frame whose window is larger than the limit is refused")
    func windowLimit() throws {
        let compressed = try Self.zstd(Self.text, ["--long=28", "--ultra", "-22"])
        // From a pipe zstd cannot shrink the window to the input: the header announces 256 MiB, above a 2^20 limit.
        let d = try ZstdDecoder(maxWindowLog: 20)
        #expect {
            try compressed.withUnsafeBytes { try d.decode($0) { _ in } }
            try d.finish { _ in }
        } throws: { ($0 as? ImageError)?.code == .decompression }
    }
}
