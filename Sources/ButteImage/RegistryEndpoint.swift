// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a registry's API is served: scheme and authority (`https://quay.io`, `http://127.0.0.1:5000`).
public struct RegistryEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https`, or `http` for insecure and loopback registries.
    public var scheme: String
    /// `host[:port]`, as references spell it (`127.0.0.1:5000`, `[::1]:5000`).
    public var authority: String

    /// Creates an endpoint.
    public init(scheme: String, authority: String) {
        self.scheme = scheme
        self.authority = authority.lowercased()
    }

    /// Parses a mirror URL such as `https://mirror.example.com` or `http://127.0.0.1:5001/`.
    /// - Throws: `ImageError` `.registry` for anything but an http(s) URL with a host.
    public init(url: String) throws(ImageError) {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http", let host = u.host,
            !host.isEmpty
        else {
            throw ImageError(.registry, "registry mirror \(url) is not an http:// or https:// URL")
        }
        let h = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self.init(scheme: scheme, authority: u.port.map { "\(h):\($0)" } ?? h)
    }

    /// `scheme://authority`.
    public var baseURL: String { "\(scheme)://\(authority)" }
    /// `scheme://authority`.
    public var description: String { baseURL }

    /// The host without port or brackets.
    public var host: String { Self.splitAuthority(authority).host }

    /// True when the host is `localhost` or a loopback address.
    public var isLoopback: Bool { Self.isLoopback(host: host) }

    /// True for `localhost`, `127.0.0.0/8` and `::1`.
    public static func isLoopback(host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h.hasPrefix("127.") || h == "::1" || h == "[::1]"
    }

    /// Splits `host[:port]` (with IPv6 brackets) into host and port.
    static func splitAuthority(_ authority: String) -> (host: String, port: Int?) {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let rest = authority[authority.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = authority.lastIndex(of: ":") {
            return (String(authority[..<colon]), Int(authority[authority.index(after: colon)...]))
        }
        return (authority, nil)
    }
}

/// The scheme, host and port of a URL: credentials stay within one origin.
struct Origin: Hashable, CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var isLoopback: Bool { RegistryEndpoint.isLoopback(host: host) }
    var authority: String { (host.contains(":") ? "[\(host)]" : host) + ":\(port)" }
    var description: String { "\(scheme)://\(authority)" }
}
