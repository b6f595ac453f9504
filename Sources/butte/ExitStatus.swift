// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#endif

/// Process exit statuses shared by every subcommand.
enum ExitStatus {
    /// A bad command line, flag, environment variable or config file value.
    static let usage: Int32 = 2
    /// The command asks for something this build does not do.
    static let notSupported: Int32 = 3
}

/// A bad flag or argument: one sentence that names the flag, the value and where it came from.
struct UsageError: Error, CustomStringConvertible {
    /// The complete sentence shown to the user.
    var sentence: String
    var description: String { sentence }
}

/// A feature that this build of Butte does not provide; said plainly instead of pretending.
struct NotSupportedError: Error, CustomStringConvertible {
    /// What was asked for, e.g. "butte image pull".
    var feature: String
    var sentence: String { "\(feature) is not supported by this build of Butte yet." }
    var description: String { sentence }
}
