// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation
import Testing

@Suite struct GzipDecoderTests {
    static func gzip(_ python: String) throws -> [UInt8] {
        try Python.run("import gzip, sys\nsys.stdout.buffer.write(\(python))")
    }

    static func inflate(_ input: [UInt8], chunk: Int) throws -> [UInt8] {
        let d = try GzipDecoder(outputChunkSize: 1000)
        var out: [UInt8] = []
        var i = 0
        while i < input.count {
            let end = min(i + chunk, input.count)
            try Array(input[i..<end]).withUnsafeBytes { raw in
                try d.decode(raw) { (piece) throws(ImageError) in out.append(contentsOf: piece) }
            }
            i = end
        }
        try d.finish { (piece) throws(ImageError) in out.append(contentsOf: piece) }
        return out
    }

    @Test("a gzip stream inflates identically whatever the chunk size", arguments: [1, 7, 4096, 1 << 20])
    func inflates(_ chunk: Int) throws {
        let input = try Self.gzip("gzip.compress(bytes(range(256)) * 400)")
        var expected: [UInt8] = []
        for _ in 0..<400 { expected += (0..<256).map { UInt8($0) } }
        #expect(try Self.inflate(input, chunk: chunk) == expected)
    }

    @Test("concatenated gzip members are accepted")
    func multiMember() throws {
        let input = try Self.gzip("gzip.compress(b'first ') + gzip.compress(b'second')")
        #expect(try Self.inflate(input, chunk: 5) == Array("first second".utf8))
    }

    @Test("garbage after the stream, a cut stream and corrupt data are refused")
    func refuses() throws {
        let good = try Self.gzip("gzip.compress(b'x' * 10000)")
        #expect { try Self.inflate(good + Array("junk".utf8), chunk: 64) } throws: {
            ($0 as? ImageError)?.code == .decompression
        }
        #expect { try Self.inflate(Array(good.dropLast(6)), chunk: 64) } throws: {
            ($0 as? ImageError)?.message.contains("truncated") == true
        }
        var corrupt = good
        corrupt[20] ^= 0xFF
        #expect(throws: ImageError.self) { try Self.inflate(corrupt, chunk: 64) }
        #expect(throws: ImageError.self) { try Self.inflate([], chunk: 64) }
    }
}
