// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An errno returned by libseccomp, the underlying cause of a `SeccompError`.
public struct SeccompErrno: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errno value.
    public var rawValue: Int32

    /// Wraps an errno value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// "Invalid argument (22)".
    public var description: String {
        let text = strerror(rawValue).map { String(cString: $0) } ?? "errno"
        return "\(text) (\(rawValue))"
    }
}
