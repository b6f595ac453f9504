// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

/// Maps the virtual paths of `/files/*` to files inside sandboxes, and nowhere else.
///
/// A path is either a host sandbox path (under `<work_dir>/slaves/`) or the virtual
/// `/frameworks/<F>/executors/<E>/runs/latest[/…]` Mesos attaches for an executor's latest run. `..`
/// components, and symbolic links that lead out of the sandbox, are refused.
enum SandboxFiles {
    /// The real path for `virtual`, or nil when it does not name something inside a sandbox.
    static func resolve(_ virtual: String, workDir: String, latestRun: (String, String) -> String?) -> String? {
        let components = virtual.split(separator: "/", omittingEmptySubsequences: true).map { String($0) }
        guard !components.contains(".."), !components.contains(".") else { return nil }
        let sandbox: String
        let rest: [String]
        if components.count >= 5, components[0] == "frameworks", components[2] == "executors", components[4] == "runs" {
            guard components.count >= 6, components[5] == "latest", let run = latestRun(components[1], components[3]) else { return nil }
            sandbox = run
            rest = Array(components.dropFirst(6))
        } else {
            let root = URL(fileURLWithPath: workDir).standardizedFileURL.path + "/slaves/"
            let full = "/" + components.joined(separator: "/")
            guard full.hasPrefix(root) else { return nil }
            let inside = full.dropFirst(root.count).split(separator: "/").map(String.init)
            // slaves/<A>/frameworks/<F>/executors/<E>/runs/<C>
            guard inside.count >= 7, inside[1] == "frameworks", inside[3] == "executors", inside[5] == "runs" else { return nil }
            sandbox = root + inside.prefix(7).joined(separator: "/")
            rest = Array(inside.dropFirst(7))
        }
        let candidate = ([sandbox] + rest).joined(separator: "/")
        let realSandbox = URL(fileURLWithPath: sandbox).resolvingSymlinksInPath().path
        let real = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard real == realSandbox || real.hasPrefix(realSandbox + "/") else { return nil }
        return real
    }

    /// `/files/browse` entries of a directory, in Mesos's shape.
    static func browse(_ directory: String) -> [[String: Any]]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.sorted().compactMap { name -> [String: Any]? in
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            return [
                "path": path, "size": Int(info.st_size), "mtime": Int(info.st_mtim.tv_sec), "nlink": Int(info.st_nlink),
                "mode": modeString(info.st_mode, directory: isDirectory), "uid": String(info.st_uid), "gid": String(info.st_gid),
            ]
        }
    }

    static func modeString(_ mode: mode_t, directory: Bool) -> String {
        var text = directory ? "d" : "-"
        let bits: [(mode_t, Character)] = [
            (S_IRUSR, "r"), (S_IWUSR, "w"), (S_IXUSR, "x"), (S_IRGRP, "r"), (S_IWGRP, "w"), (S_IXGRP, "x"), (S_IROTH, "r"), (S_IWOTH, "w"),
            (S_IXOTH, "x"),
        ]
        for (bit, letter) in bits { text.append(mode & bit != 0 ? letter : "-") }
        return text
    }

    /// `/files/read`: `length` bytes from `offset` (-1: just the size), as `{"data": …, "offset": …}`.
    static func read(_ path: String, offset: Int, length: Int?) -> [String: Any]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = Int((try? handle.seekToEnd()) ?? 0)
        if offset < 0 { return ["data": "", "offset": size] }
        let start = min(offset, size)
        try? handle.seek(toOffset: UInt64(start))
        let count = min(length ?? (size - start), 16 << 20)
        let data = (try? handle.read(upToCount: max(0, count))) ?? Data()
        return ["data": String(decoding: data, as: UTF8.self), "offset": start]
    }
}
