// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Where a flag's value came from, highest precedence first.
public enum FlagSource: Hashable, Sendable, CustomStringConvertible {
    /// `--name=value` on the command line.
    case commandLine
    /// An environment variable such as `MESOS_PORT`.
    case environment(variable: String)
    /// A file in a config directory, e.g. `/etc/mesos-agent/port`, `/etc/mesos-agent/?no-strict`,
    /// or a directory such as `/etc/mesos-agent/attributes/`.
    case configFile(path: String)
    /// The ZooKeeper URL file, e.g. `/etc/mesos/zk`.
    case zkFile(path: String)
    /// The flag's default.
    case defaultValue

    /// For messages: `command line`, `environment variable MESOS_PORT`, `file /etc/mesos-agent/port`, `default`.
    public var description: String {
        switch self {
        case .commandLine: "command line"
        case .environment(let variable): "environment variable \(variable)"
        case .configFile(let path): "file \(path)"
        case .zkFile(let path): "file \(path)"
        case .defaultValue: "default"
        }
    }
}
