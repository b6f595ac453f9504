// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// The effective flags of a daemon, as `FlagLoader.load(arguments:environment:)` found them.
///
/// Typed accessors return nil when the flag has neither a value nor a default, and throw a
/// `CoreError` whose message is one sentence naming the flag, the value and its source:
/// `Invalid value 'abc' for flag '--port' (from environment variable MESOS_PORT): expected an integer between 1 and 65535.`
/// Asking for a name no spec declares is a programming error and traps.
public struct LoadedFlags: Sendable {
    /// The flags understood.
    public let specs: [FlagSpec]
    /// Effective values by flag name, defaults included.
    public let values: [String: FlagValue]
    /// Command-line arguments that are not flags, in order (everything after `--` included).
    public let positionalArguments: [String]
    /// True when `--help` was given and no spec declares `help`; required flags are then not checked.
    public let helpRequested: Bool
    /// Config directory entries that name no known flag, for the daemon to warn about.
    public let ignoredConfigEntries: [String]

    /// Creates loaded flags; `FlagLoader` is the usual way.
    public init(
        specs: [FlagSpec], values: [String: FlagValue], positionalArguments: [String] = [], helpRequested: Bool = false,
        ignoredConfigEntries: [String] = []
    ) {
        self.specs = specs
        self.values = values
        self.positionalArguments = positionalArguments
        self.helpRequested = helpRequested
        self.ignoredConfigEntries = ignoredConfigEntries
    }

    /// The effective value of `name` with its source, or nil when it has no value and no default.
    public func value(_ name: String) -> FlagValue? {
        precondition(spec(name) != nil, "no flag named '\(name)' is specified")
        return values[name]
    }

    /// True when some source other than the default gave `name` a value.
    public func isSet(_ name: String) -> Bool {
        guard let value = value(name) else { return false }
        return value.source != .defaultValue
    }

    /// Every flag that has a value, sorted by name, for a `/flags` endpoint. `file://` values of
    /// non-path flags appear as given (`FlagValue.given`), not with the file's content.
    public var effectiveFlags: [FlagValue] {
        values.values.sorted { $0.name < $1.name }
    }

    /// Flag name to value as given, every flag with a value included: the `flags` object of a
    /// Mesos-style `/flags` endpoint.
    public var effectiveValues: [String: String] {
        values.mapValues(\.given)
    }

    /// The value of `name` as text.
    public func string(_ name: String) -> String? {
        value(name)?.value
    }

    /// The value of `name` as an integer.
    public func int(_ name: String) throws(CoreError) -> Int? {
        try parsed(name, expected: "expected an integer") { Int($0) }
    }

    /// The value of `name` as a TCP/UDP port, 1 to 65535.
    public func port(_ name: String) throws(CoreError) -> UInt16? {
        try parsed(name, expected: "expected an integer between 1 and 65535") { text in
            guard let number = UInt16(text), number > 0 else { return nil }
            return number
        }
    }

    /// The value of `name` as a boolean (`true`, `false`, `1`, `0`); false when it has no value.
    public func bool(_ name: String) throws(CoreError) -> Bool {
        try parsed(name, expected: "expected true, false, 1 or 0") { LoadedFlags.parseBool($0) } ?? false
    }

    /// The value of `name` as a Mesos duration such as `15mins`.
    public func duration(_ name: String) throws(CoreError) -> MesosDuration? {
        guard let value = value(name) else { return nil }
        do {
            return try MesosDuration(parsing: value.value)
        } catch {
            throw LoadedFlags.invalid(
                value, spec: spec(name), expected: "expected a number followed by ns, us, ms, secs, mins, hrs, days or weeks, such as 15mins",
                underlying: error)
        }
    }

    /// The value of `name` as resources, text or JSON form.
    /// - Parameter defaultRole: the role of resources that name none.
    public func resources(_ name: String, defaultRole: String = Resource.unreservedRole) throws(CoreError) -> Resources? {
        guard let value = value(name) else { return nil }
        do {
            return try Resources.parse(value.value, defaultRole: defaultRole)
        } catch {
            throw LoadedFlags.invalid(value, spec: spec(name), expected: error.message, underlying: error)
        }
    }

    /// The value of `name` as attributes `k:v;k2:v2`.
    public func attributes(_ name: String) throws(CoreError) -> [Attribute]? {
        guard let value = value(name) else { return nil }
        do {
            return try Attribute.parseList(value.value)
        } catch {
            throw LoadedFlags.invalid(value, spec: spec(name), expected: error.message, underlying: error)
        }
    }

    /// The value of `name` as a comma-separated list, items trimmed, empty items dropped
    /// (`docker, mesos` gives `["docker", "mesos"]`).
    public func list(_ name: String) -> [String]? {
        guard let text = string(name) else { return nil }
        return text.pieces(separatedBy: ",").map(\.trimmed).filter { !$0.isEmpty }
    }

    /// The value of `name`, which must be one of `choices` (e.g. `--recover=reconnect|cleanup`).
    public func choice(_ name: String, of choices: [String]) throws(CoreError) -> String? {
        let expected = "expected " + LoadedFlags.alternatives(choices.map { "'\($0)'" })
        return try parsed(name, expected: expected) { choices.contains($0) ? $0 : nil }
    }

    /// The value of a flag that must have one: `try flags.required("port", flags.port)`.
    /// - Throws: the accessor's error, or `.missingFlag` when there is no value.
    public func required<T>(_ name: String, _ accessor: (String) throws(CoreError) -> T?) throws(CoreError) -> T {
        guard let result = try accessor(name) else {
            throw CoreError(.missingFlag, "Missing required flag '--\(name)'.")
        }
        return result
    }

    /// An `.invalidFlagValue` error for the current value of `name`, for checks the daemon makes
    /// itself: `Invalid value 'x' for flag '--name' (from command line): <expected>.`
    public func invalidValue(_ name: String, expected: String) -> CoreError {
        let value = value(name) ?? FlagValue(name: name, value: "", source: .defaultValue)
        return LoadedFlags.invalid(value, spec: spec(name), expected: expected)
    }

    // MARK: - Helpers

    private func spec(_ name: String) -> FlagSpec? {
        specs.first { $0.name == name }
    }

    private func parsed<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws(CoreError) -> T? {
        guard let value = value(name) else { return nil }
        guard let result = parse(value.value) else {
            throw LoadedFlags.invalid(value, spec: spec(name), expected: expected)
        }
        return result
    }

    /// `true`/`1` and `false`/`0`, as stout's boolean parser accepts.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// `Invalid value 'V' for flag '--N' (from S): expected.` — one sentence.
    static func invalid(_ value: FlagValue, spec: FlagSpec?, expected: String, underlying: (any Error)? = nil) -> CoreError {
        let dashed = spec?.dashed ?? "--\(value.name)"
        var shown = value.value
        if shown.count > 200 { shown = String(shown.prefix(200)) + "…" }
        let ending = expected.hasSuffix(".") || expected.hasSuffix("?") ? "" : "."
        return CoreError(
            .invalidFlagValue, "Invalid value '\(shown)' for flag '\(dashed)' (\(value.origin)): \(expected)\(ending)", underlying: underlying)
    }

    static func alternatives(_ items: [String]) -> String {
        switch items.count {
        case 0: return "nothing"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
        }
    }
}
