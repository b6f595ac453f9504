// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A Linux kernel version, as `uname -r` begins ("6.18.44-fc-v595" is 6.18.44).
public struct KernelVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Major version.
    public var major: Int
    /// Minor version.
    public var minor: Int
    /// Patch level (0 when the release string has none).
    public var patch: Int

    /// Creates a version.
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses the numeric start of a release string; nil when it does not begin with "major.minor".
    public init?(release: String) {
        var numbers: [Int] = []
        var current = ""
        for ch in release {
            if ch.isASCII, ch.isNumber {
                current.append(ch)
            } else {
                guard !current.isEmpty, let n = Int(current) else { break }
                numbers.append(n)
                current = ""
                if ch != "." || numbers.count == 3 { break }
            }
        }
        if !current.isEmpty, numbers.count < 3, let n = Int(current) { numbers.append(n) }
        guard numbers.count >= 2 else { return nil }
        self.init(numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : 0)
    }

    /// The version of the running kernel, from `uname(2)`.
    ///
    /// - Throws: `LinuxError` when uname fails or its release string is not a version.
    public static func running() throws(LinuxError) -> KernelVersion {
        var u = utsname()
        _ = try sys("uname") { uname(&u) }
        let release = withUnsafeBytes(of: &u.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        guard let v = KernelVersion(release: release) else {
            throw LinuxError(call: "uname", errno: .invalidArgument, subject: release)
        }
        return v
    }

    /// "major.minor.patch".
    public var description: String { "\(major).\(minor).\(patch)" }

    /// Orders by major, minor, then patch.
    public static func < (a: KernelVersion, b: KernelVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }
}
