// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation
import Testing

@Suite struct LayerUnpackerTests {
    static func fails(_ code: ImageError.Code, containing text: String = "", _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard let e = error as? ImageError else { return false }
            return e.code == code && e.description.contains(text)
        }
    }

    @Test("files, directories, symlinks, hard links, modes and times are unpacked")
    func basicTree() throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("etc", tarfile.DIRTYPE, mode=0o555, mtime=1234567890)
            add("etc/hosts", data=b"127.0.0.1 localhost\\n", mode=0o640, mtime=1111111111)
            add("bin/tool", data=b"#!/bin/sh\\n", mode=0o4755)
            add("bin/sh", tarfile.SYMTYPE, link="/bin/busybox")
            add("etc/hosts.bak", tarfile.LNKTYPE, link="etc/hosts")
            add("run/pipe", tarfile.FIFOTYPE, mode=0o600)
            """
        )
        let summary = try s.unpack(archive, chunkSize: 1000)
        #expect(summary.entries == 6)
        #expect(try String(contentsOfFile: s.path("etc/hosts"), encoding: .utf8) == "127.0.0.1 localhost\n")
        let hosts = try #require(s.lstat("etc/hosts"))
        #expect(hosts.st_mode & 0o7777 == 0o640)
        #expect(hosts.st_mtim.tv_sec == 1_111_111_111)
        #expect(hosts.st_nlink == 2)
        #expect(s.lstat("etc/hosts.bak")?.st_ino == hosts.st_ino)
        #expect(s.lstat("bin/tool")!.st_mode & 0o7777 == 0o4755)
        let etc = try #require(s.lstat("etc"))
        #expect(etc.st_mode & 0o7777 == 0o555)
        // The directory's time is set after its children were written.
        #expect(etc.st_mtim.tv_sec == 1_234_567_890)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: s.path("bin/sh")) == "/bin/busybox")
        #expect(s.lstat("run/pipe")!.st_mode & S_IFMT == S_IFIFO)
        #expect(try s.canaryContents() == ["file"])
    }

    @Test("PAX and GNU long names and link targets, and one-byte chunks, give the same tree")
    func longNames() throws {
        let deep = (0..<12).map { "component\($0)-" + String(repeating: "x", count: 20) }.joined(separator: "/")
        for format in ["PAX", "GNU"] {
            let s = try Scratch()
            let archive = try Python.tar(
                format: format,
                """
                add("\(deep)/file", data=b"deep")
                add("\(deep)/link", tarfile.SYMTYPE, link="\(deep)/file")
                add("\(deep)/hard", tarfile.LNKTYPE, link="\(deep)/file")
                """
            )
            try s.unpack(archive, chunkSize: 1)
            #expect(try String(contentsOfFile: s.path("\(deep)/file"), encoding: .utf8) == "deep")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: s.path("\(deep)/link")) == "\(deep)/file")
            #expect(s.lstat("\(deep)/hard")?.st_nlink == 2)
        }
    }

    @Test("PAX xattrs are applied and reserved namespaces are dropped")
    func xattrs() throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("f", data=b"x", pax={"SCHILY.xattr.user.note": "hello", "SCHILY.xattr.trusted.overlay.opaque": "y",
                                     "SCHILY.xattr.user.overlay.redirect": "/etc"})
            """
        )
        let summary = try s.unpack(archive)
        #expect(summary.droppedXattrs == 2)
        let attrs = try Python.xattrs(s.path("f"))
        #expect(attrs["user.note"] == "hello")
        #expect(attrs["trusted.overlay.opaque"] == nil)
        #expect(attrs["user.overlay.redirect"] == nil)
    }

    @Test("a file written through an absolute symlink lands inside the layer (CVE-2014-6407)")
    func symlinkThenFile() throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("evil", tarfile.SYMTYPE, link="\(s.canary.path)")
            add("evil/passwd", data=b"root::0:0::/:/bin/sh\\n")
            add("rel", tarfile.SYMTYPE, link="../../../../../..\(s.canary.path)")
            add("rel/shadow", data=b"x")
            """
        )
        try s.unpack(archive)
        #expect(try s.canaryContents() == ["file"])
        #expect(FileManager.default.fileExists(atPath: s.path(s.canary.path + "/passwd")))
        #expect(FileManager.default.fileExists(atPath: s.path(s.canary.path + "/shadow")))
    }

    @Test("a hard link to a symlink with mode 04777 leaves the symlink's target alone (CVE-2021-32760)")
    func hardlinkToSymlinkChmod() throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("sym", tarfile.SYMTYPE, link="\(s.canaryFile.path)")
            add("link", tarfile.LNKTYPE, link="sym", mode=0o4777)
            add("sym2", tarfile.SYMTYPE, link="\(s.canaryFile.path)", mode=0o4777)
            """
        )
        try s.unpack(archive)
        #expect(try s.canaryMode() == 0o644)
        #expect(s.lstat("link")!.st_mode & S_IFMT == S_IFLNK)
        #expect(s.lstat("link")?.st_ino == s.lstat("sym")?.st_ino)
    }

    @Test("the root may only be a directory (CVE-2021-29136)", arguments: [".", "./", "/"])
    func rootAsSymlink(_ name: String) throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("\(name)", tarfile.SYMTYPE, link="\(s.canary.path)")
            add("x", data=b"x")
            """
        )
        Self.fails(.unsafeEntry, containing: "layer root") { try s.unpack(archive) }
        #expect(try s.canaryContents() == ["file"])
        #expect(s.lstat(".")!.st_mode & S_IFMT == S_IFDIR)
    }

    @Test("a root directory entry sets the root's mode")
    func rootDirectory() throws {
        let s = try Scratch()
        try s.unpack(try Python.tar("add(\"./\", tarfile.DIRTYPE, mode=0o711)\nadd(\"a\", data=b\"\")"))
        #expect(s.lstat(".")!.st_mode & 0o7777 == 0o711)
    }

    @Test("'..' in names and hard link targets is refused", arguments: ["../x", "a/../../x", "a/.."])
    func dotDot(_ name: String) throws {
        let s = try Scratch()
        Self.fails(.unsafeEntry, containing: "'..'") { try s.unpack(try Python.tar("add(\"\(name)\", data=b\"x\")")) }
        #expect(!FileManager.default.fileExists(atPath: s.base.appendingPathComponent("x").path))
        let link = try Python.tar("add(\"l\", tarfile.LNKTYPE, link=\"../canary/file\")")
        Self.fails(.unsafeEntry, containing: "'..'") { try s.unpack(link) }
        #expect(s.lstat("l") == nil)
    }

    @Test("absolute names are taken relative to the layer")
    func absolute() throws {
        let s = try Scratch()
        try s.unpack(try Python.tar("add(\"/x\", data=b\"abs\")\nadd(\"//y/./z\", data=b\"z\")"))
        #expect(try String(contentsOfFile: s.path("x"), encoding: .utf8) == "abs")
        #expect(FileManager.default.fileExists(atPath: s.path("y/z")))
        #expect(!FileManager.default.fileExists(atPath: "/x") || s.lstat("x") != nil)
    }

    @Test("a hard link whose target is outside the layer, or absent, is refused")
    func hardlinkOutside() throws {
        let s = try Scratch()
        // The absolute target is contained: it names <layer>/<canary path>, which does not exist.
        let archive = try Python.tar("add(\"l\", tarfile.LNKTYPE, link=\"\(s.canaryFile.path)\")")
        Self.fails(.invalidArchive, containing: "not in this layer") { try s.unpack(archive) }
        #expect(s.lstat("l") == nil)
        // A target reached through an in-layer symlink to the outside is still resolved inside.
        let via = try Python.tar(
            "add(\"d\", tarfile.SYMTYPE, link=\"\(s.canary.path)\")\nadd(\"l\", tarfile.LNKTYPE, link=\"d/file\")"
        )
        let t = try Scratch()
        Self.fails(.invalidArchive, containing: "not in this layer") { try t.unpack(via) }
        #expect(try t.canaryMode() == 0o644)
    }

    @Test("whiteouts become 0:0 character devices")
    func whiteout() throws {
        let s = try Scratch()
        let summary = try s.unpack(try Python.tar("add(\"etc/.wh.passwd\")\nadd(\".wh.tmp\")"))
        #expect(summary.whiteouts == 2)
        let wh = try #require(s.lstat("etc/passwd"))
        #expect(wh.st_mode & S_IFMT == S_IFCHR)
        #expect(wh.st_rdev == 0)
        #expect(s.lstat("etc/.wh.passwd") == nil)
        #expect(s.lstat("tmp")!.st_mode & S_IFMT == S_IFCHR)
    }

    @Test("an opaque marker sets the overlay opaque xattr on its directory")
    func opaque() throws {
        let s = try Scratch()
        let archive = try Python.tar("add(\"var/.wh..wh..opq\")\nadd(\"var/keep\", data=b\"k\")")
        try s.unpack(archive, options: .init(overlayXattrPrefix: "user.overlay."))
        #expect(try Python.xattrs(s.path("var"))["user.overlay.opaque"] == "y")
        #expect(FileManager.default.fileExists(atPath: s.path("var/keep")))
        #expect(s.lstat("var/.wh..wh..opq") == nil)
    }

    @Test("malformed whiteout names are refused", arguments: [".wh..", ".wh...", "etc/.wh..", ".wh./x", ".wh."])
    func badWhiteouts(_ name: String) throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path("etc/keep"), withIntermediateDirectories: true)
        Self.fails(.invalidArchive, containing: "invalid archive") { try s.unpack(try Python.tar("add(\"\(name)\")")) }
        #expect(FileManager.default.fileExists(atPath: s.path("etc/keep")))
        #expect(try s.canaryContents() == ["file"])
    }

    @Test("a whiteout that is not a regular file is refused")
    func whiteoutNotRegular() throws {
        let s = try Scratch()
        Self.fails(.invalidArchive, containing: "not a regular file") {
            try s.unpack(try Python.tar("add(\".wh.x\", tarfile.SYMTYPE, link=\"/etc\")"))
        }
    }

    @Test("device nodes are skipped unless asked for")
    func devicesSkipped() throws {
        let s = try Scratch()
        let summary = try s.unpack(try Python.tar("add(\"dev/null\", tarfile.CHRTYPE, devmajor=1, devminor=3)"))
        #expect(summary.skippedDevices == 1)
        #expect(s.lstat("dev/null") == nil)
    }

    @Test("a later entry replaces an earlier one of another type")
    func replaces() throws {
        let s = try Scratch()
        let archive = try Python.tar(
            """
            add("a/b/c", data=b"1")
            add("a", data=b"now a file")
            add("f", tarfile.SYMTYPE, link="/nowhere")
            add("f", data=b"file")
            """
        )
        try s.unpack(archive)
        #expect(try String(contentsOfFile: s.path("a"), encoding: .utf8) == "now a file")
        #expect(s.lstat("f")!.st_mode & S_IFMT == S_IFREG)
    }

    @Test("entry count, total size, header size, xattr count and trailing padding are capped")
    func limits() throws {
        let many = try Python.tar("for i in range(20): add('f%d' % i)")
        Self.fails(.limitExceeded, containing: "entries") { try Scratch().unpack(many, options: .init(limits: .init(maxEntries: 10))) }

        let big = try Python.tar("add('big', data=b'z' * 100000)")
        Self.fails(.limitExceeded, containing: "uncompressed bytes") {
            try Scratch().unpack(big, options: .init(limits: .init(maxTotalBytes: 50000)))
        }

        let longPax = try Python.tar("add('p', pax={'comment': 'c' * 5000})")
        Self.fails(.limitExceeded, containing: "extended header") {
            try Scratch().unpack(longPax, options: .init(limits: .init(maxMetadataSize: 1024)))
        }

        let attrs = try Python.tar("add('x', pax={'SCHILY.xattr.user.a%d' % i: 'v' for i in range(10)})")
        Self.fails(.limitExceeded, containing: "extended attributes") {
            try Scratch().unpack(attrs, options: .init(limits: .init(maxXattrsPerEntry: 5)))
        }

        let padded = try Python.tar("add('x', data=b'1')") + [UInt8](repeating: 0, count: 64 << 10)
        Self.fails(.limitExceeded, containing: "end-of-archive") {
            try Scratch().unpack(padded, options: .init(limits: .init(maxTrailingBytes: 32 << 10)))
        }
    }
}
