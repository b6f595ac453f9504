// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// A parsed `zk://[user:password@]host1[:port1][,host2[:port2]…][/chroot]` URL, as Mesos and
/// Marathon take it with `--zk` / `--master`.
///
/// Hosts without a port use 2181; IPv6 hosts are written in brackets (`[::1]:2181`). The path, when
/// given, becomes the client's chroot: every path the client sends is taken relative to it. The
/// credentials, when given, are added to the session as a `digest` identity. The password may not
/// contain `/` or `@`.
public struct ZooKeeperURL: Sendable, Hashable, CustomStringConvertible {
    /// One server of the ensemble.
    public struct Server: Sendable, Hashable, CustomStringConvertible {
        /// A host name or IP address (IPv6 without brackets).
        public var host: String
        /// The client port.
        public var port: Int

        /// Creates a server address.
        public init(host: String, port: Int = 2181) {
            self.host = host
            self.port = port
        }

        /// `host:port`, with brackets around IPv6 addresses.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// User and password for `digest` authentication.
    public struct Credentials: Sendable, Hashable {
        /// The user name.
        public var user: String
        /// The password.
        public var password: String

        /// Creates credentials.
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }

        /// `user:password`, the `digest` scheme's auth data.
        public var digestAuth: String { "\(user):\(password)" }
    }

    /// The default client port.
    public static let defaultPort = 2181

    /// The servers, in the order written.
    public var servers: [Server]
    /// The chroot path (`/mesos`), or `""` for the root.
    public var chroot: String
    /// The `digest` credentials, if the URL has any.
    public var credentials: Credentials?

    /// Creates a URL from its parts.
    /// - Throws: `ZooKeeperError` with code `.invalidURL` for no servers or a bad chroot.
    public init(servers: [Server], chroot: String = "", credentials: Credentials? = nil) throws(ZooKeeperError) {
        guard !servers.isEmpty else { throw ZooKeeperError(.invalidURL, "a ZooKeeper URL needs at least one server") }
        if !chroot.isEmpty {
            do throws(ZooKeeperError) {
                try ZooKeeperPath.validate(chroot)
            } catch {
                throw ZooKeeperError(.invalidURL, "invalid chroot path in ZooKeeper URL: \(error.message)", underlying: error)
            }
        }
        self.servers = servers
        self.chroot = chroot == "/" ? "" : chroot
        self.credentials = credentials
    }

    /// Parses a `zk://` URL.
    /// - Throws: `ZooKeeperError` with code `.invalidURL` naming what is wrong.
    public init(parsing text: String) throws(ZooKeeperError) {
        func invalid(_ why: String) -> ZooKeeperError {
            ZooKeeperError(.invalidURL, "invalid ZooKeeper URL \"\(Self.redacted(text))\": \(why)")
        }
        let schemeEnd = text.range(of: "://")
        guard let schemeEnd, text[..<schemeEnd.lowerBound].lowercased() == "zk" else {
            throw invalid("it must start with zk://")
        }
        let rest = text[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        let path = String(rest[slash...])

        var credentials: Credentials?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else { throw invalid("credentials must be user:password") }
            let user = String(userInfo[..<colon])
            let password = String(userInfo[userInfo.index(after: colon)...])
            guard !user.isEmpty else { throw invalid("the user name is empty") }
            credentials = Credentials(user: user, password: password)
        }

        guard !authority.isEmpty else { throw invalid("no servers") }
        var servers: [Server] = []
        for entry in authority.split(separator: ",", omittingEmptySubsequences: false) {
            servers.append(try Self.parseServer(entry, invalid: invalid))
        }

        var chroot = path
        if chroot.count > 1, chroot.hasSuffix("/") { chroot.removeLast() }
        if chroot == "/" { chroot = "" }
        if !chroot.isEmpty {
            do throws(ZooKeeperError) {
                try ZooKeeperPath.validate(chroot)
            } catch {
                throw invalid("bad chroot path: \(error.message)")
            }
        }
        self.servers = servers
        self.chroot = chroot
        self.credentials = credentials
    }

    private static func parseServer(
        _ entry: Substring,
        invalid: (String) -> ZooKeeperError
    ) throws(ZooKeeperError) -> Server {
        guard !entry.isEmpty else { throw invalid("empty server entry") }
        var host: Substring
        var portText: Substring?
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { throw invalid("unclosed [ in \"\(entry)\"") }
            host = entry[entry.index(after: entry.startIndex)..<close]
            let after = entry[entry.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("expected :port after ] in \"\(entry)\"") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw invalid("bad IPv6 address in \"\(entry)\"")
            }
        } else {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw invalid("\"\(entry)\" has more than one colon; write IPv6 addresses in brackets") }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            guard !host.isEmpty else { throw invalid("empty host in \"\(entry)\"") }
            let allowed = host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") }
            guard allowed else { throw invalid("bad host name \"\(host)\"") }
        }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value), portText.allSatisfy(\.isNumber) else {
                throw invalid("bad port \"\(portText)\" in \"\(entry)\" (1-65535)")
            }
            port = value
        }
        return Server(host: String(host), port: port)
    }

    private static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<slash].lastIndex(of: "@") else { return text }
        let userInfo = rest[..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return String(text[..<schemeEnd.upperBound]) + user + ":***" + String(rest[at...])
    }

    /// `host1:port1,host2:port2`, the servers as ZooKeeper's connect strings write them.
    public var connectString: String { servers.map(\.description).joined(separator: ",") }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let userInfo = credentials.map { "\($0.user):***@" } ?? ""
        return "zk://\(userInfo)\(connectString)\(chroot)"
    }
}
