// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// One flag a daemon accepts, in the Mesos style: `--name=value`, or `--name` / `--no-name` for booleans.
///
/// Names use underscores (`work_dir`) and are matched case-insensitively, as stout does; the
/// environment variable is the name upper-cased behind the loader's prefix (`MESOS_WORK_DIR`).
public struct FlagSpec: Hashable, Sendable {
    /// Whether the flag is a switch or takes a value.
    public enum Kind: Hashable, Sendable {
        /// `--name`, `--no-name`, `--name=true|false|1|0`.
        case boolean
        /// `--name=value`.
        case value
    }

    /// The name without dashes, e.g. `work_dir`.
    public var name: String
    /// One or more sentences for `--help`.
    public var help: String
    /// Switch or value.
    public var kind: Kind
    /// The value used when no source gives one; booleans always have one.
    public var defaultValue: String?
    /// True when loading fails unless some source gives a value.
    public var isRequired: Bool
    /// True when the value is a path: a `file://` value is then kept as is instead of being read.
    public var isPath: Bool

    /// Creates a flag specification.
    /// - Parameters:
    ///   - name: the name without dashes; lower case, must not start with `no-`.
    ///   - kind: switch or value.
    ///   - help: text for `--help`.
    ///   - defaultValue: the value when no source gives one (`"false"` is assumed for booleans without one).
    ///   - isRequired: whether loading fails when no source gives a value.
    ///   - isPath: whether `file://` values are kept literally.
    public init(name: String, kind: Kind, help: String, defaultValue: String? = nil, isRequired: Bool = false, isPath: Bool = false) {
        precondition(!name.isEmpty && !name.hasPrefix("no-") && !name.hasPrefix("-"), "invalid flag name '\(name)'")
        precondition(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }, "invalid flag name '\(name)'")
        self.name = name
        self.kind = kind
        self.help = help
        self.defaultValue = kind == .boolean ? (defaultValue ?? "false") : defaultValue
        self.isRequired = isRequired
        self.isPath = isPath
    }

    /// A boolean flag.
    public static func boolean(_ name: String, default defaultValue: Bool, help: String) -> FlagSpec {
        FlagSpec(name: name, kind: .boolean, help: help, defaultValue: defaultValue ? "true" : "false")
    }

    /// A flag that takes a value.
    /// - Parameters:
    ///   - name: the name without dashes.
    ///   - defaultValue: the value when no source gives one, or nil.
    ///   - required: whether loading fails when no source gives a value.
    ///   - isPath: whether `file://` values are kept literally.
    ///   - help: text for `--help`.
    public static func value(
        _ name: String, default defaultValue: String? = nil, required: Bool = false, isPath: Bool = false, help: String
    ) -> FlagSpec {
        FlagSpec(name: name, kind: .value, help: help, defaultValue: defaultValue, isRequired: required, isPath: isPath)
    }

    /// `--name`.
    public var dashed: String { "--\(name)" }
}
