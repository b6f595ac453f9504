// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Znode path rules and the chroot prefix, applied before a request leaves the client.
/// Source: ZooKeeper 3.8 `org.apache.zookeeper.common.PathUtils.validatePath`.
package enum ZooKeeperPath {
    /// Checks that `path` is absolute, has no empty, `.` or `..` component, no trailing slash
    /// (except the root `/`), and no NUL or control characters.
    /// - Parameter sequential: the path is a sequential create's prefix, which may end with `/`.
    /// - Throws: `ZooKeeperError` with code `.invalidPath` naming the path and the rule.
    package static func validate(_ path: String, sequential: Bool = false) throws(ZooKeeperError) {
        func invalid(_ why: String) -> ZooKeeperError {
            ZooKeeperError(.invalidPath, "invalid znode path \"\(path)\": \(why)")
        }
        guard path.hasPrefix("/") else { throw invalid("it must start with /") }
        if path == "/" { return }
        var components = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if sequential, components.last == "" { components.removeLast() }
        for component in components {
            if component.isEmpty { throw invalid(path.hasSuffix("/") ? "it must not end with /" : "empty component (//)") }
            if component == "." || component == ".." { throw invalid("relative component \"\(component)\"") }
        }
        for scalar in path.unicodeScalars {
            let value = scalar.value
            if value == 0 || (value > 0 && value < 0x1f) || (value > 0x7f && value < 0x9f)
                || (value >= 0xd800 && value <= 0xf8ff) || (value >= 0xfff0 && value <= 0xffff)
            {
                throw invalid("character U+\(String(value, radix: 16, uppercase: true)) is not allowed")
            }
        }
    }

    /// The server path of `path` under `chroot` (`""` for none).
    package static func prefixed(_ path: String, chroot: String) -> String {
        if chroot.isEmpty { return path }
        return path == "/" ? chroot : chroot + path
    }

    /// The client path of a server path under `chroot`, or the path unchanged when it is outside.
    package static func stripped(_ serverPath: String, chroot: String) -> String {
        if chroot.isEmpty { return serverPath }
        if serverPath == chroot { return "/" }
        if serverPath.hasPrefix(chroot + "/") { return String(serverPath.dropFirst(chroot.count)) }
        return serverPath
    }

    /// The parent of `path`, or `nil` for the root.
    package static func parent(of path: String) -> String? {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`.
    package static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `parent/child`, without doubling the slash under the root.
    package static func join(_ parent: String, _ child: String) -> String {
        parent == "/" ? "/" + child : parent + "/" + child
    }
}
