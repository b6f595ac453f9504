// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md (platform object, "Platform Variants")

/// An operating system and CPU architecture an image runs on.
public struct Platform: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The operating system, in Go's `GOOS` spelling (`linux`).
    public var os: String
    /// The CPU architecture, in Go's `GOARCH` spelling (`amd64`, `arm64`).
    public var architecture: String
    /// The CPU variant (`v7` for arm, `v8` for arm64).
    public var variant: String?
    /// The operating system version (Windows only, in practice).
    public var osVersion: String?
    /// Required operating system features.
    public var osFeatures: [String]?

    private enum CodingKeys: String, CodingKey {
        case os, architecture, variant
        case osVersion = "os.version"
        case osFeatures = "os.features"
    }

    /// Creates a platform.
    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// `os/architecture[/variant]`, as Docker prints it.
    public var description: String {
        if let variant, !variant.isEmpty { return "\(os)/\(architecture)/\(variant)" }
        return "\(os)/\(architecture)"
    }

    /// Parses `os/arch[/variant]` (`linux/arm64/v8`).
    /// - Throws: `OCIError` `.invalidDocument` for any other shape.
    public init(parsing string: String) throws(OCIError) {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), !parts.contains(where: \.isEmpty) else {
            throw OCIError(.invalidDocument, "invalid platform \"\(string)\": expected os/architecture[/variant]")
        }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The same platform with the common aliases folded into the image-spec spelling.
    ///
    /// `x86_64`/`x86-64` → `amd64`, `aarch64` → `arm64` (variant `v8` when unset), `armhf` → `arm`/`v7`,
    /// `armel` → `arm`/`v6`, `i386`/`i686` → `386`, `arm` without a variant → `v7`, and a bare variant
    /// number `8` → `v8`.
    public var normalized: Platform {
        var p = self
        p.os = os.lowercased()
        var arch = architecture.lowercased()
        var variant = self.variant?.lowercased()
        if variant == "" { variant = nil }
        switch arch {
        case "x86_64", "x86-64", "amd64":
            arch = "amd64"
            if variant == "v1" { variant = nil }
        case "aarch64", "arm64":
            arch = "arm64"
            if variant == nil || variant == "8" || variant == "v8" { variant = "v8" }
        case "armhf":
            arch = "arm"
            variant = "v7"
        case "armel":
            arch = "arm"
            variant = "v6"
        case "arm":
            if variant == nil { variant = "v7" }
        case "i386", "i486", "i586", "i686":
            arch = "386"
        default:
            break
        }
        if let v = variant, let first = v.first, first.isNumber { variant = "v" + v }
        p.architecture = arch
        p.variant = variant
        return p
    }

    /// True when an image built for `other` runs here: same os and architecture, and a variant this platform can run.
    ///
    /// An arm `v7` host also runs `v6` and `v5` images; an arm64 `v8.x` host runs `v8` images.
    public func canRun(_ other: Platform) -> Bool {
        let me = normalized
        let them = other.normalized
        guard me.os == them.os, me.architecture == them.architecture else { return false }
        if me.variant == them.variant { return true }
        guard let mine = me.variant, let theirs = them.variant else { return me.variant == nil || them.variant == nil }
        return Self.variantRank(mine, arch: me.architecture) >= Self.variantRank(theirs, arch: me.architecture)
            && Self.variantRank(theirs, arch: me.architecture) >= 0
    }

    /// Picks the best descriptor for this platform among an index's manifests.
    ///
    /// Exact normalized matches win, then the newest compatible variant; descriptors without a platform
    /// (attestations and the like) are never picked.
    /// - Throws: `OCIError` `.noMatchingPlatform` listing the platforms offered.
    public func select(from manifests: [Descriptor]) throws(OCIError) -> Descriptor {
        let me = normalized
        let candidates = manifests.filter { $0.platform != nil && !$0.mediaType.isLayer }
        if let exact = candidates.first(where: { $0.platform!.normalized == me || Self.sameIgnoringOSDetails($0.platform!, me) }) {
            return exact
        }
        let compatible = candidates.filter { canRun($0.platform!) }
        if let best = compatible.max(by: {
            Self.variantRank($0.platform!.normalized.variant ?? "", arch: me.architecture)
                < Self.variantRank($1.platform!.normalized.variant ?? "", arch: me.architecture)
        }) {
            return best
        }
        let offered = manifests.compactMap { $0.platform?.description }
        let list = offered.isEmpty ? "none" : offered.joined(separator: ", ")
        throw OCIError(.noMatchingPlatform, "no manifest matches platform \(me); the index offers: \(list)")
    }

    /// The platform of the running host, normalized (`linux/amd64`, `linux/arm64/v8`).
    public static var host: Platform {
        var info = utsname()
        _ = uname(&info)
        let machine = withUnsafeBytes(of: &info.machine) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        var arch = machine
        var variant: String? = nil
        if machine.hasPrefix("armv") {
            arch = "arm"
            variant = "v" + String(machine.dropFirst(4).prefix(while: \.isNumber))
        }
        return Platform(os: "linux", architecture: arch, variant: variant).normalized
    }

    private static func sameIgnoringOSDetails(_ a: Platform, _ b: Platform) -> Bool {
        let a = a.normalized
        return a.os == b.os && a.architecture == b.architecture && a.variant == b.variant
    }

    /// Orders the variants of one architecture; -1 for unknown ones.
    private static func variantRank(_ variant: String, arch: String) -> Int {
        guard variant.hasPrefix("v"), let major = Int(variant.dropFirst().prefix(while: \.isNumber)) else {
            return variant.isEmpty ? 0 : -1
        }
        let minor = variant.split(separator: ".").dropFirst().first.flatMap { Int($0) } ?? 0
        return major * 100 + minor
    }
}
