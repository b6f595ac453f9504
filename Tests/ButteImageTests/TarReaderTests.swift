// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation
import Testing

@Suite struct TarReaderTests {
    struct Read {
        var entries: [TarEntry] = []
        var contents: [[UInt8]] = []
    }

    static func read(_ archive: [UInt8], chunk: Int = 333, limits: TarLimits = .init()) throws -> Read {
        var reader = TarReader(limits: limits)
        var r = Read()
        var i = 0
        while i < archive.count {
            let end = min(i + chunk, archive.count)
            try Array(archive[i..<end]).withUnsafeBytes { raw in
                try reader.consume(raw) { (event) throws(ImageError) in
                    switch event {
                    case .entry(let e):
                        r.entries.append(e)
                        r.contents.append([])
                    case .data(let d): r.contents[r.contents.count - 1].append(contentsOf: d)
                    case .entryEnd: break
                    }
                }
            }
            i = end
        }
        try reader.finish()
        #expect(reader.isAtEnd)
        return r
    }

    @Test("ustar, GNU and PAX archives from Python's tarfile read back with their metadata", arguments: ["USTAR", "GNU", "PAX"])
    func formats(_ format: String) throws {
        let archive = try Python.tar(
            format: format,
            """
            add("dir/", tarfile.DIRTYPE, mode=0o750, uid=12, gid=34, mtime=1600000000)
            add("dir/file", data=bytes(range(256)) * 5, mode=0o600)
            add("dir/sym", tarfile.SYMTYPE, link="file")
            add("dev", tarfile.BLKTYPE, devmajor=8, devminor=1)
            """
        )
        let r = try Self.read(archive)
        let paths = r.entries.map(\.path)
        #expect(paths == ["dir", "dir/file", "dir/sym", "dev"] || paths == ["dir/", "dir/file", "dir/sym", "dev"])
        #expect(r.entries[0].kind == .directory)
        #expect(r.entries[0].mode == 0o750)
        #expect(r.entries[0].uid == 12 && r.entries[0].gid == 34)
        #expect(r.entries[0].modificationTime.seconds == 1_600_000_000)
        let block: [UInt8] = (0..<256).map { UInt8($0) }
        var expected: [UInt8] = []
        for _ in 0..<5 { expected += block }
        #expect(r.contents[1] == expected)
        #expect(r.entries[2].linkTarget == "file")
        #expect(r.entries[3].kind == .blockDevice && r.entries[3].deviceMajor == 8 && r.entries[3].deviceMinor == 1)
    }

    @Test("GNU base-256 numbers and PAX fractional times and big ids are read")
    func numbers() throws {
        let gnu = try Self.read(try Python.tar(format: "GNU", "add('x', uid=3000000, gid=2**31)"))
        #expect(gnu.entries[0].uid == 3_000_000)
        #expect(gnu.entries[0].gid == 1 << 31)
        let pax = try Self.read(try Python.tar("add('y', pax={'mtime': '1700000000.25', 'uid': '4000000'})"))
        #expect(pax.entries[0].modificationTime == .init(seconds: 1_700_000_000, nanoseconds: 250_000_000))
        #expect(pax.entries[0].uid == 4_000_000)
    }

    @Test("GNU tar's own archives read, including long names and xattrs")
    func gnuTar() throws {
        let long = String(repeating: "n", count: 150)
        let out = try Python.run(
            """
            import os, subprocess, sys, tempfile
            d = tempfile.mkdtemp()
            os.makedirs(os.path.join(d, "a"))
            open(os.path.join(d, "a", "\(long)"), "w").write("long")
            os.setxattr(os.path.join(d, "a", "\(long)"), "user.k", b"v")
            os.link(os.path.join(d, "a", "\(long)"), os.path.join(d, "a", "hl"))
            sys.stdout.buffer.write(subprocess.run(["tar", "--xattrs", "--format=posix", "-C", d, "-cf", "-", "a"], check=True, capture_output=True).stdout)
            """
        )
        let r = try Self.read(out)
        let file = try #require(r.entries.firstIndex { $0.path == "a/\(long)" })
        #expect(r.contents[file] == Array("long".utf8))
        #expect(r.entries[file].xattrs.contains(.init(name: "user.k", value: Array("v".utf8))))
        let link = try #require(r.entries.first { $0.kind == .hardLink })
        #expect(link.linkTarget == "a/\(long)" || link.path == "a/\(long)")
    }

    @Test("a corrupted header checksum is refused")
    func checksum() throws {
        var archive = try Python.tar("add('x', data=b'abc')")
        archive[10] ^= 0x01
        #expect { try Self.read(archive) } throws: { ($0 as? ImageError)?.message.contains("checksum") == true }
    }

    @Test("an archive cut inside a member is refused")
    func truncated() throws {
        let archive = try Python.tar("add('x', data=b'a' * 2000)")
        #expect { try Self.read(Array(archive.prefix(1200))) } throws: { ($0 as? ImageError)?.message.contains("truncated") == true }
        #expect { try Self.read(Array(archive.prefix(100))) } throws: { ($0 as? ImageError)?.message.contains("truncated") == true }
    }

    @Test("GNU sparse files are refused as unsupported")
    func sparse() throws {
        let archive = try Python.tar("add('s', pax={'GNU.sparse.major': '1', 'GNU.sparse.minor': '0'})")
        #expect { try Self.read(archive) } throws: { ($0 as? ImageError)?.code == .unsupportedArchive }
        var header = try Python.tar(format: "GNU", "add('s')")
        header[156] = UInt8(ascii: "S")
        // Fix the checksum so that only the type is wrong.
        var sum = 0
        for i in 0..<512 { sum += (148..<156).contains(i) ? 0x20 : Int(header[i]) }
        let field = Array(String(format: "%06o\0 ", sum).utf8)
        header.replaceSubrange(148..<156, with: field)
        #expect { try Self.read(header) } throws: { ($0 as? ImageError)?.message.contains("sparse") == true }
    }

    @Test("names with NUL bytes or malformed PAX records are refused")
    func malformedPAX() throws {
        let nul = try Python.tar("add('x', pax={'path': 'a\\x00b'})")
        #expect(throws: ImageError.self) { try Self.read(nul) }
        let badSize = try Python.tar("add('x', pax={'size': '-5'})")
        #expect(throws: ImageError.self) { try Self.read(badSize) }
    }
}
