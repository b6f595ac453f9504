// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A user name and password (or identity token) for a registry.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var user: String
    /// The password or token.
    public var password: String

    /// Creates credentials.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Parses `user:password`, as `--registry-auth` takes it (the password may contain `:`).
    /// - Throws: `ImageError` `.authentication` without a `:` or with an empty user.
    public init(parsing pair: String) throws(ImageError) {
        guard let colon = pair.firstIndex(of: ":"), colon != pair.startIndex else {
            throw ImageError(.authentication, "registry credentials must be USER:PASSWORD")
        }
        self.init(user: String(pair[..<colon]), password: String(pair[pair.index(after: colon)...]))
    }

    /// The `Authorization` value for HTTP Basic authentication.
    public var basicAuthorization: String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Names the user only: credentials never appear in logs or messages.
    public var description: String { "credentials of \(user)" }
}
