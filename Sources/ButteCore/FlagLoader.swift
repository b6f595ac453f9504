// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Loads daemon flags the way Mesos users know them.
///
/// Sources, highest precedence first:
/// 1. the command line: `--name=value`; booleans also `--name` and `--no-name`. Names are
///    case-insensitive; anything not starting with `--` is kept as a positional argument and
///    everything after `--` too. Unknown flags and repeated flags are errors. `--help` is
///    recognised even when no spec declares it.
/// 2. environment variables `MESOS_<NAME>` (prefix configurable, name upper- or lower-case);
///    variables naming no flag are ignored.
/// 3. config directories, earlier ones first (e.g. `/etc/mesos-agent/`, then `/etc/mesos-slave/`):
///    a file named after a flag holds its value (trimmed); an empty file `?name` sets a boolean,
///    `?no-name` clears it; a directory named after a flag (`attributes/`, `resources/`) holds
///    files `key` containing `value`, joined as `key:value;...` in file-name order. Hidden files
///    are skipped; entries naming no flag are listed in `LoadedFlags.ignoredConfigEntries`.
/// 4. the ZooKeeper URL file (e.g. `/etc/mesos/zk`), trimmed, for the `zkFlag` flag.
/// 5. the spec's default.
///
/// A value starting with `file://` is replaced by that file's (trimmed) content, except for
/// path flags (`FlagSpec.isPath`). Boolean values must be `true`, `false`, `1` or `0` (empty
/// means true, as in stout). Typed values are checked when read through `LoadedFlags`.
///
/// ```swift
/// let flags = try FlagLoader(
///     specs: agentSpecs,
///     configDirectories: ["/etc/mesos-agent", "/etc/mesos-slave"],
///     zkFile: "/etc/mesos/zk"
/// ).load(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
/// let port = try flags.port("port")
/// ```
public struct FlagLoader: Sendable {
    /// The flags understood.
    public var specs: [FlagSpec]
    /// Directories holding one file per flag, highest precedence first; missing ones are skipped.
    public var configDirectories: [String]
    /// The file holding the ZooKeeper URL (`/etc/mesos/zk`), or nil.
    public var zkFile: String?
    /// The flag the ZooKeeper URL file feeds.
    public var zkFlag: String?
    /// The environment variable prefix, `MESOS_`.
    public var environmentPrefix: String

    /// Creates a loader.
    /// - Parameters:
    ///   - specs: the flags understood; names must be unique.
    ///   - configDirectories: directories with one file per flag, highest precedence first.
    ///   - zkFile: the ZooKeeper URL file, read when it exists.
    ///   - zkFlag: the flag `zkFile` feeds; by default `zk` when a spec has that name (masters,
    ///     schedulers), else `master` (agents).
    ///   - environmentPrefix: the prefix of environment variables, `MESOS_` by default.
    public init(
        specs: [FlagSpec], configDirectories: [String] = [], zkFile: String? = nil, zkFlag: String? = nil,
        environmentPrefix: String = "MESOS_"
    ) {
        var seen = Set<String>()
        for spec in specs {
            precondition(seen.insert(spec.name).inserted, "flag '\(spec.name)' is specified twice")
        }
        self.specs = specs
        self.configDirectories = configDirectories
        self.zkFile = zkFile
        self.zkFlag = zkFlag ?? (seen.contains("zk") ? "zk" : seen.contains("master") ? "master" : nil)
        self.environmentPrefix = environmentPrefix
    }

    /// Loads the flags from every source.
    /// - Parameters:
    ///   - arguments: the command-line arguments after the program (and subcommand) name.
    ///   - environment: the process environment.
    /// - Returns: the effective flags.
    /// - Throws: `CoreError` with a one-sentence message naming the flag, value and source: unknown
    ///   or repeated flags, missing values, bad booleans, unreadable `file://` files, missing required flags.
    public func load(arguments: [String], environment: [String: String]) throws(CoreError) -> LoadedFlags {
        let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        var raw: [String: FlagValue] = [:]
        var positional: [String] = []
        var helpRequested = false
        var ignored: [String] = []

        // 1. Command line.
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positional.append(contentsOf: arguments[index...])
                break
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positional.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            let name: String
            let value: String?
            if let equals = body.firstIndex(of: "=") {
                name = body[..<equals].lowercased()
                value = String(body[body.index(after: equals)...])
            } else {
                name = body.lowercased()
                value = nil
            }
            let resolved = try resolveCommandLine(name: name, value: value, argument: argument, byName: byName)
            guard let (spec, text) = resolved else {
                helpRequested = true
                continue
            }
            if raw[spec.name] != nil {
                throw CoreError(.invalidFlag, "Flag '\(spec.dashed)' is given more than once on the command line.")
            }
            raw[spec.name] = FlagValue(name: spec.name, value: text, source: .commandLine)
        }

        // 2. Environment.
        for (variable, text) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix(environmentPrefix) {
            let name = variable.dropFirst(environmentPrefix.count).lowercased()
            guard let spec = byName[name], raw[name] == nil else { continue }
            let value = spec.kind == .boolean && text.isEmpty ? "true" : text
            raw[name] = FlagValue(name: name, value: value, source: .environment(variable: variable))
        }

        // 3. Config directories.
        for directory in configDirectories {
            for (name, value) in try readConfigDirectory(directory, byName: byName, ignored: &ignored) where raw[name] == nil {
                raw[name] = value
            }
        }

        // 4. The ZooKeeper URL file.
        if let zkFile, let zkFlag, byName[zkFlag] != nil, raw[zkFlag] == nil, FileSystem.kind(of: zkFile) == .file {
            let text: String
            do {
                text = try FileSystem.readText(zkFile).trimmed
            } catch {
                throw CoreError(.unreadableFile, "Cannot read file '\(zkFile)' for flag '--\(zkFlag)': \(error.text).", underlying: error)
            }
            if !text.isEmpty {
                raw[zkFlag] = FlagValue(name: zkFlag, value: text, source: .zkFile(path: zkFile))
            }
        }

        // `file://` values, then boolean checks (stout fetches before it parses).
        var values: [String: FlagValue] = [:]
        for spec in specs {
            guard var value = raw[spec.name] else { continue }
            if !spec.isPath, value.value.hasPrefix("file://") {
                let path = String(value.value.dropFirst("file://".count))
                do {
                    value.value = try FileSystem.readText(path).trimmed
                } catch {
                    throw CoreError(
                        .unreadableFile, "Cannot read file '\(path)' for flag '\(spec.dashed)' (from \(value.source)): \(error.text).",
                        underlying: error)
                }
            }
            if spec.kind == .boolean {
                guard let parsed = LoadedFlags.parseBool(value.value) else {
                    throw LoadedFlags.invalid(value, spec: spec, expected: "expected true, false, 1 or 0")
                }
                value.value = parsed ? "true" : "false"
            }
            values[spec.name] = value
        }

        // 5. Defaults, then required flags.
        for spec in specs where values[spec.name] == nil {
            if let defaultValue = spec.defaultValue {
                values[spec.name] = FlagValue(name: spec.name, value: defaultValue, source: .defaultValue)
            } else if spec.isRequired && !helpRequested {
                throw CoreError(
                    .missingFlag,
                    "Missing required flag '\(spec.dashed)': give \(spec.dashed)=VALUE or set \(environmentPrefix)\(spec.name.uppercased()).")
            }
        }
        return LoadedFlags(
            specs: specs, values: values, positionalArguments: positional, helpRequested: helpRequested, ignoredConfigEntries: ignored)
    }

    /// Maps `--name[=value]` to a spec and its text value; nil for a built-in `--help`.
    private func resolveCommandLine(
        name: String, value: String?, argument: String, byName: [String: FlagSpec]
    ) throws(CoreError) -> (FlagSpec, String)? {
        if let spec = byName[name] {
            switch (spec.kind, value) {
            case (.boolean, nil): return (spec, "true")
            case (.boolean, let text?): return (spec, text.isEmpty ? "true" : text)
            case (.value, nil):
                throw CoreError(.invalidFlag, "Missing value for flag '\(spec.dashed)' (from command line): write \(spec.dashed)=VALUE.")
            case (.value, let text?): return (spec, text)
            }
        }
        if name.hasPrefix("no-"), let spec = byName[String(name.dropFirst(3))] {
            guard spec.kind == .boolean else {
                throw CoreError(.invalidFlag, "Flag '\(spec.dashed)' is not a boolean, so '\(argument)' is not allowed.")
            }
            if let value, !value.isEmpty {
                throw CoreError(.invalidFlag, "Invalid use of '\(argument)': a negated boolean flag takes no value.")
            }
            return (spec, "false")
        }
        if name == "help" { return nil }
        let underscored = String(name.map { $0 == "-" ? "_" : $0 })
        if underscored != name, byName[underscored] != nil {
            throw CoreError(.unknownFlag, "Unknown flag '--\(name)'; did you mean '--\(underscored)'?")
        }
        throw CoreError(.unknownFlag, "Unknown flag '--\(name)'.")
    }

    /// Reads one config directory into flag values.
    private func readConfigDirectory(
        _ directory: String, byName: [String: FlagSpec], ignored: inout [String]
    ) throws(CoreError) -> [(String, FlagValue)] {
        guard FileSystem.kind(of: directory) == .directory, let entries = FileSystem.list(directory) else { return [] }
        var result: [(String, FlagValue)] = []
        for entry in entries where !entry.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
            let source = FlagSource.configFile(path: path)
            if entry.hasPrefix("?") {
                // mesos-init-wrapper: an empty file `?flag` means --flag, `?no-flag` means --no-flag.
                let switchName = String(entry.dropFirst()).lowercased()
                let negated = switchName.hasPrefix("no-") && byName[switchName] == nil
                let name = negated ? String(switchName.dropFirst(3)) : switchName
                guard let spec = byName[name] else {
                    ignored.append(path)
                    continue
                }
                guard spec.kind == .boolean else {
                    throw CoreError(.invalidFlag, "Flag '\(spec.dashed)' is not a boolean, so file \(path) is not allowed.")
                }
                result.append((name, FlagValue(name: name, value: negated ? "false" : "true", source: source)))
                continue
            }
            let name = entry.lowercased()
            guard let spec = byName[name] else {
                ignored.append(path)
                continue
            }
            switch FileSystem.kind(of: path) {
            case .file:
                let text = try readConfigFile(path, flag: spec)
                result.append((name, FlagValue(name: name, value: text, source: source)))
            case .directory where spec.kind == .value:
                // `attributes/rack` holding `r1` and `attributes/zone` holding `a` give `rack:r1;zone:a`.
                var pairs: [String] = []
                for key in FileSystem.list(path) ?? [] where !key.hasPrefix(".") {
                    let keyPath = path + "/" + key
                    guard FileSystem.kind(of: keyPath) == .file else { continue }
                    pairs.append("\(key):\(try readConfigFile(keyPath, flag: spec))")
                }
                if !pairs.isEmpty {
                    result.append((name, FlagValue(name: name, value: pairs.joined(separator: ";"), source: source)))
                }
            default:
                ignored.append(path)
            }
        }
        return result
    }

    private func readConfigFile(_ path: String, flag spec: FlagSpec) throws(CoreError) -> String {
        do {
            return try FileSystem.readText(path).trimmed
        } catch {
            throw CoreError(.unreadableFile, "Cannot read file '\(path)' for flag '\(spec.dashed)': \(error.text).", underlying: error)
        }
    }
}
