// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation

/// How a daemon subcommand finds its flags: Mesos's (or Marathon's) names, environment prefix and
/// config directories, plus the checks that turn a bad value into one sentence before start-up.
struct DaemonFlags: Sendable {
    /// The command as users type it, e.g. `butte agent`.
    var command: String
    var specs: [FlagSpec]
    var configDirectories: [String]
    /// The file holding the ZooKeeper URL (`/etc/mesos/zk`), if this daemon reads one.
    var zkFile: String?
    var environmentPrefix: String = "MESOS_"
    /// Checks every value now, so that a bad one stops start-up with a sentence naming it.
    var validate: @Sendable (LoadedFlags) throws(CoreError) -> Void

    /// Loads and checks the flags; prints the usage and returns nil for `--help`.
    /// - Throws: `UsageError` with one sentence naming the flag, the value and where it came from.
    func load(arguments: [String]) throws -> LoadedFlags? {
        let loader = FlagLoader(
            specs: specs,
            configDirectories: configDirectories,
            zkFile: zkFile,
            environmentPrefix: environmentPrefix
        )
        do {
            let flags = try loader.load(arguments: arguments, environment: ProcessInfo.processInfo.environment)
            if flags.helpRequested {
                print("Usage: \(command) [options]\n")
                print(FlagSpec.usage(specs))
                return nil
            }
            if let extra = flags.positionalArguments.first {
                throw UsageError(sentence: "Unexpected argument '\(extra)': \(command) takes only --flag=value options.")
            }
            try validate(flags)
            for path in flags.ignoredConfigEntries {
                printError("\(command): ignoring \(path): it names no flag of \(command).")
            }
            return flags
        } catch let error as CoreError {
            throw UsageError(sentence: error.message)
        }
    }

    /// The effective flags in Mesos's start-up log form: `--name="value"` sorted by name.
    static func startupLine(_ flags: LoadedFlags) -> String {
        let rendered = flags.effectiveFlags.sorted { $0.name < $1.name }.map { "--\($0.name)=\"\($0.value)\"" }
        return "Flags at startup: " + rendered.joined(separator: " ")
    }
}

extension LoadedFlags {
    /// Checks that every item of a comma-separated list is one of `known`.
    func checkList(_ name: String, allowed known: Set<String>) throws(CoreError) {
        for item in list(name) ?? [] where !known.contains(item) {
            throw invalidValue(name, expected: "expected a comma-separated list of \(known.sorted().joined(separator: ", ")); '\(item)' is not one")
        }
    }
}
