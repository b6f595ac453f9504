// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteTesting
import Foundation
import Testing

/// Unpacking that needs root: owners, device nodes, and `trusted.*` overlay attributes.
@Suite(.tags(.privileged), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct LayerUnpackerPrivilegedTests {
    final class Dir {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("butte-unpack-root-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func lstat(_ p: String) -> stat? {
            var st = stat()
            return Glibc.lstat(url.appendingPathComponent(p).path, &st) == 0 ? st : nil
        }
    }

    static func python(_ script: String, _ args: [String] = []) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return Array(data)
    }

    static let archive = """
        import io, sys, tarfile
        buf = io.BytesIO()
        t = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
        def add(name, type=tarfile.REGTYPE, data=b"", link="", mode=0o644, uid=0, gid=0, pax=None, devmajor=0, devminor=0):
            i = tarfile.TarInfo(name); i.type = type; i.linkname = link; i.mode = mode; i.uid = uid; i.gid = gid
            i.devmajor = devmajor; i.devminor = devminor
            if pax: i.pax_headers = pax
            i.size = len(data) if type == tarfile.REGTYPE else 0
            t.addfile(i, io.BytesIO(data) if type == tarfile.REGTYPE else None)
        add("home/user", tarfile.DIRTYPE, mode=0o700, uid=1000, gid=1000)
        add("home/user/f", data=b"x", mode=0o4750, uid=1000, gid=100)
        add("home/user/l", tarfile.SYMTYPE, link="f", uid=1001, gid=1001)
        add("dev/null", tarfile.CHRTYPE, mode=0o666, devmajor=1, devminor=3)
        add("dev/sda", tarfile.BLKTYPE, mode=0o660, devmajor=8, devminor=0, gid=6)
        add("opq/.wh..wh..opq")
        add("t", data=b"t", pax={"SCHILY.xattr.trusted.overlay.redirect": "/etc", "SCHILY.xattr.trusted.x": "1"})
        t.close()
        sys.stdout.buffer.write(buf.getvalue())
        """

    @Test("owners, setuid bits, device nodes and the trusted opaque xattr are written as root")
    func asRoot() throws {
        let d = try Dir()
        let u = try LayerUnpacker(directory: d.url.path, options: .init(preserveOwnership: true, createDeviceNodes: true))
        try u.write(try Self.python(Self.archive))
        let summary = try u.finish()
        #expect(summary.droppedXattrs == 2)

        let f = try #require(d.lstat("home/user/f"))
        #expect(f.st_uid == 1000 && f.st_gid == 100)
        #expect(f.st_mode & 0o7777 == 0o4750)  // chmod after chown keeps setuid
        let l = try #require(d.lstat("home/user/l"))
        #expect(l.st_uid == 1001)
        #expect(d.lstat("home/user")!.st_uid == 1000)

        let null = try #require(d.lstat("dev/null"))
        #expect(null.st_mode & S_IFMT == S_IFCHR && null.st_rdev == Self.makedevice(1, 3))
        #expect(null.st_mode & 0o777 == 0o666)
        let sda = try #require(d.lstat("dev/sda"))
        #expect(sda.st_mode & S_IFMT == S_IFBLK && sda.st_gid == 6)

        let attrs = String(
            decoding: try Self.python(
                "import os,sys\nfor p in sys.argv[1:]: print(p, sorted(os.listxattr(p)))",
                [d.url.appendingPathComponent("opq").path, d.url.appendingPathComponent("t").path]
            ),
            as: UTF8.self
        )
        #expect(attrs.contains("opq ['trusted.overlay.opaque']"))
        #expect(attrs.contains("t []"))
    }

    static func makedevice(_ major: UInt64, _ minor: UInt64) -> UInt64 {
        (major & 0xfff) << 8 | (minor & 0xff) | (minor & ~0xff) << 12
    }
}
