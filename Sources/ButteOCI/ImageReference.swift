// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/distribution/reference/blob/v0.6.0/reference.go (grammar) and normalize.go (Docker's defaults)

/// An image reference parsed and normalised the way Docker does it.
///
/// `busybox` is `docker.io/library/busybox:latest`; `localhost:5000/app:v1` names the registry
/// `localhost:5000`; `repo@sha256:…` pins a digest (a tag may stand before it). The first path component
/// is a registry when it contains `.` or `:`, is `localhost`, or has uppercase letters; otherwise the image
/// lives on Docker Hub. Repository path components are lowercase, separated by `.`, `_`, `__` or dashes.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible, Codable {
    /// Docker Hub's name in references.
    public static let dockerHubDomain = "docker.io"
    /// The host that serves Docker Hub's registry API.
    public static let dockerHubRegistryHost = "registry-1.docker.io"
    /// The tag used when a reference names neither a tag nor a digest.
    public static let defaultTag = "latest"
    /// The longest repository name (domain and path) accepted.
    public static let maxNameLength = 255

    /// The registry as written in references: `docker.io`, `quay.io`, `localhost:5000`.
    public let domain: String
    /// The repository path within the registry: `library/busybox`.
    public let path: String
    /// The tag, if any (`latest` is filled in when there is neither tag nor digest).
    public let tag: String?
    /// The pinned digest, if any.
    public let digest: Digest?

    /// Parses a reference and applies Docker's defaults.
    /// - Throws: `OCIError` `.invalidReference` with Docker's reason (`invalid reference format: …`).
    public init(parsing string: String) throws(OCIError) {
        func fail(_ reason: String) -> OCIError {
            OCIError(.invalidReference, "\(Digest.quoted(string)): \(reason)")
        }
        if string.utf8.count == 64, string.utf8.allSatisfy(Self.isLowerHex) {
            throw fail("invalid repository name, cannot specify 64-byte hexadecimal strings")
        }
        if string.isEmpty {
            throw fail("invalid reference format: repository name must have at least one component")
        }

        // Split off the registry first, on the whole string, as Docker's normalisation does.
        var domain = Self.dockerHubDomain
        var remainder = Substring(string)
        if let slash = string.firstIndex(of: "/") {
            let first = string[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = String(first)
                remainder = string[string.index(after: slash)...]
            }
        }
        if domain == "index.docker.io" { domain = Self.dockerHubDomain }

        // Separate "[:tag][@digest]".
        var namePart = remainder
        var digest: Digest? = nil
        if let at = remainder.firstIndex(of: "@") {
            namePart = remainder[..<at]
            let raw = String(remainder[remainder.index(after: at)...])
            do {
                digest = try Digest(parsing: raw)
            } catch {
                throw fail("invalid reference format: \(error.message)")
            }
        }
        var tag: String? = nil
        if let colon = namePart.lastIndex(of: ":") {
            tag = String(namePart[namePart.index(after: colon)...])
            namePart = namePart[..<colon]
        }
        var path = String(namePart)
        if domain == Self.dockerHubDomain, !path.contains("/"), !path.isEmpty {
            path = "library/" + path
        }

        try Self.validateDomain(domain, fail)
        if path.isEmpty {
            throw fail("invalid reference format: repository name must have at least one component")
        }
        if path.lowercased() != path {
            if Self.isValidPath(path.lowercased()) {
                throw fail("invalid reference format: repository name must be lowercase")
            }
            throw fail("invalid reference format")
        }
        guard Self.isValidPath(path) else {
            throw fail("invalid reference format")
        }
        if domain.utf8.count + 1 + path.utf8.count > Self.maxNameLength {
            throw fail("repository name must not be more than \(Self.maxNameLength) characters")
        }
        if let tag, !Self.isValidTag(tag) {
            throw fail("invalid reference format: invalid tag format")
        }
        self.domain = domain
        self.path = path
        self.digest = digest
        self.tag = (tag == nil && digest == nil) ? Self.defaultTag : tag
    }

    /// The full repository name: `docker.io/library/busybox`.
    public var name: String { "\(domain)/\(path)" }

    /// The host (and port) that serves the registry API: `registry-1.docker.io` for Docker Hub, else the domain.
    public var registryHost: String { domain == Self.dockerHubDomain ? Self.dockerHubRegistryHost : domain }

    /// The repository name as Docker prints it: `busybox`, `user/app`, `quay.io/org/app`.
    public var familiarName: String {
        guard domain == Self.dockerHubDomain else { return name }
        if path.hasPrefix("library/"), path.dropFirst("library/".count).firstIndex(of: "/") == nil {
            return String(path.dropFirst("library/".count))
        }
        return path
    }

    /// The reference as Docker prints it: `busybox:latest`, `localhost:5000/app@sha256:…`.
    public var description: String { familiarName + suffix }

    /// The fully qualified reference: `docker.io/library/busybox:latest`.
    public var canonical: String { name + suffix }

    /// What a registry `GET /v2/<name>/manifests/<reference>` takes: the digest when pinned, else the tag.
    public var manifestReference: String { digest?.description ?? tag ?? Self.defaultTag }

    private var suffix: String {
        var s = ""
        if let tag { s += ":\(tag)" }
        if let digest { s += "@\(digest)" }
        return s
    }

    /// Decodes a reference string.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let raw = try c.decode(String.self)
        do {
            try self.init(parsing: raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.message)
        }
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(canonical)
    }

    // MARK: Grammar

    private static func isLowerHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
    }

    private static func isAlnumLower(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        isAlnumLower(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
    }

    private static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == UInt8(ascii: "_") }

    /// `[\w][\w.-]{0,127}`
    static func isValidTag(_ tag: String) -> Bool {
        let u = Array(tag.utf8)
        guard let first = u.first, isWord(first), u.count <= 128 else { return false }
        return u.dropFirst().allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// `path-component ('/' path-component)*`
    static func isValidPath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return components.allSatisfy { isValidPathComponent(Array($0.utf8)) }
    }

    /// `[a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*`
    static func isValidPathComponent(_ u: [UInt8]) -> Bool {
        var i = 0
        func alnumRun() -> Bool {
            let start = i
            while i < u.count, isAlnumLower(u[i]) { i += 1 }
            return i > start
        }
        guard alnumRun() else { return false }
        while i < u.count {
            switch u[i] {
            case UInt8(ascii: "."):
                i += 1
            case UInt8(ascii: "_"):
                i += 1
                if i < u.count, u[i] == UInt8(ascii: "_") { i += 1 }
            case UInt8(ascii: "-"):
                while i < u.count, u[i] == UInt8(ascii: "-") { i += 1 }
            default:
                return false
            }
            guard alnumRun() else { return false }
        }
        return true
    }

    /// `host [':' port]` where host is dotted domain components or a bracketed IPv6 address.
    private static func validateDomain(_ domain: String, _ fail: (String) -> OCIError) throws(OCIError) {
        var host = Substring(domain)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw fail("invalid reference format") }
            let inner = host[host.index(after: host.startIndex)..<close]
            guard !inner.isEmpty, inner.utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
                throw fail("invalid reference format")
            }
            host = host[host.index(after: close)...]
            if !host.isEmpty {
                guard host.hasPrefix(":") else { throw fail("invalid reference format") }
                try validatePort(host.dropFirst(), fail)
            }
            return
        }
        if let colon = host.firstIndex(of: ":") {
            try validatePort(host[host.index(after: colon)...], fail)
            host = host[..<colon]
        }
        let components = host.split(separator: ".", omittingEmptySubsequences: false)
        for c in components {
            let u = Array(c.utf8)
            guard let f = u.first, let l = u.last, isAlnum(f), isAlnum(l),
                u.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") })
            else { throw fail("invalid reference format") }
        }
    }

    private static func validatePort(_ port: Substring, _ fail: (String) -> OCIError) throws(OCIError) {
        guard !port.isEmpty, port.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw fail("invalid reference format")
        }
    }
}
