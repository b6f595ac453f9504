// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The effective value of one flag and where it came from.
public struct FlagValue: Hashable, Sendable {
    /// The flag name, e.g. `port`.
    public var name: String
    /// The value to use: for `file://` values of non-path flags, the file's content (trimmed).
    public var value: String
    /// The text as the source gave it (`file:///etc/secret` rather than the secret).
    public var given: String
    /// Where it came from.
    public var source: FlagSource

    /// Creates a flag value.
    public init(name: String, value: String, given: String? = nil, source: FlagSource) {
        self.name = name
        self.value = value
        self.given = given ?? value
        self.source = source
    }

    /// For messages: `from environment variable MESOS_PORT`, `from command line, read from /tmp/port`.
    public var origin: String {
        if given != value, given.hasPrefix("file://") {
            return "from \(source), read from \(given.dropFirst("file://".count))"
        }
        return "from \(source)"
    }
}
