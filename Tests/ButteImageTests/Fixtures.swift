// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import Foundation

/// Archives written by Python's tarfile and a scratch directory with canaries beside the layer.
final class Scratch {
    let base: URL
    var layer: URL { base.appendingPathComponent("layer") }
    /// A directory next to the layer that no unpack may touch.
    var canary: URL { base.appendingPathComponent("canary") }
    /// A file in the canary directory, mode 0644.
    var canaryFile: URL { canary.appendingPathComponent("file") }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("butte-unpack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("layer"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("canary"), withIntermediateDirectories: true)
        try Data("canary".utf8).write(to: base.appendingPathComponent("canary/file"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: base.appendingPathComponent("canary/file").path)
    }

    deinit {
        // Make everything writable again so that read-only directories from archives can be removed.
        _ = try? Python.run("import os,sys\nfor r,d,f in os.walk(sys.argv[1]):\n    os.chmod(r,0o755)\n", args: [base.path])
        try? FileManager.default.removeItem(at: base)
    }

    /// Names in the canary directory; it must stay exactly `["file"]`.
    func canaryContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: canary.path).sorted()
    }

    func canaryMode() throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: canaryFile.path)[.posixPermissions] as? Int) ?? -1
    }

    func path(_ relative: String) -> String { layer.appendingPathComponent(relative).path }

    func lstat(_ relative: String) -> stat? {
        var st = stat()
        return Glibc.lstat(path(relative), &st) == 0 ? st : nil
    }

    /// Unpacks `archive` into the layer, feeding it in chunks of `chunkSize` bytes.
    @discardableResult
    func unpack(_ archive: [UInt8], chunkSize: Int = 4096, options: LayerUnpacker.Options = .init()) throws -> LayerUnpacker.Summary {
        let u = try LayerUnpacker(directory: layer.path, options: options)
        var i = 0
        while i < archive.count {
            let end = min(i + chunkSize, archive.count)
            try u.write(Array(archive[i..<end]))
            i = end
        }
        return try u.finish()
    }
}

/// Runs python3 scripts for fixtures.
enum Python {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `args` and returns its standard output.
    @discardableResult
    static func run(_ script: String, args: [String] = []) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failed(description: "python3 failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return Array(data)
    }

    /// Builds a tar archive in memory. `body` is Python code that calls `add(name, type, ...)` on a
    /// `tarfile.TarFile` named `t`; `add` keyword arguments: data, link, mode, uid, gid, mtime, pax, devmajor, devminor.
    static func tar(format: String = "PAX", _ body: String) throws -> [UInt8] {
        let script = """
            import io, sys, tarfile
            buf = io.BytesIO()
            t = tarfile.open(fileobj=buf, mode="w", format=tarfile.\(format)_FORMAT)
            def add(name, type=tarfile.REGTYPE, data=b"", link="", mode=0o644, uid=0, gid=0, mtime=1000000000, pax=None, devmajor=0, devminor=0):
                i = tarfile.TarInfo(name)
                i.type = type
                i.linkname = link
                i.mode = mode
                i.uid = uid
                i.gid = gid
                i.mtime = mtime
                i.devmajor = devmajor
                i.devminor = devminor
                if pax: i.pax_headers = pax
                if type == tarfile.REGTYPE:
                    i.size = len(data)
                    t.addfile(i, io.BytesIO(data))
                else:
                    t.addfile(i)
            \(body)
            t.close()
            sys.stdout.buffer.write(buf.getvalue())
            """
        return try run(script)
    }

    /// Lists a file's extended attributes as `name=value` lines.
    static func xattrs(_ path: String) throws -> [String: String] {
        let out = try run(
            "import os,sys\nfor n in os.listxattr(sys.argv[1], follow_symlinks=False): print(n + '=' + os.getxattr(sys.argv[1], n, follow_symlinks=False).decode())",
            args: [path]
        )
        var result: [String: String] = [:]
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }
}
