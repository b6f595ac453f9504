// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import SystemPackage

/// A launch that failed: the step that failed and its errno, as the child reported it (or the parent's
/// own call that failed before or after `clone3`).
public struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where a launch failed.
    public enum Stage: Hashable, Sendable, CustomStringConvertible {
        /// The plan cannot be handed to the child (e.g. a string holds a NUL byte).
        case invalidPlan(String)
        /// Creating the launch's pipes in the parent.
        case pipes
        /// `clone3` itself.
        case clone
        /// Writing the user namespace maps from the parent.
        case userNamespaceMaps
        /// The child waiting for the parent's go-ahead.
        case synchronization
        /// Arming the parent-death signal.
        case parentDeathSignal
        /// Resetting signal dispositions.
        case signals
        /// Installing stdin, stdout and stderr.
        case standardIO
        /// Step `index` of the plan.
        case operation(index: Int, SpawnOperation)
        /// The init forking the command.
        case initProcess
        /// `execve` of the command, after trying every candidate path.
        case exec(candidates: [String])
        /// The child reported a stage this build does not know.
        case unknown(Int32)

        /// What was being done.
        public var description: String {
            switch self {
            case .invalidPlan(let why): return "prepare the launch (\(why))"
            case .pipes: return "create the launch pipes"
            case .clone: return "clone3 the container's first process"
            case .userNamespaceMaps: return "write the user namespace maps"
            case .synchronization: return "start the child"
            case .parentDeathSignal: return "set the parent-death signal"
            case .signals: return "reset signal handlers"
            case .standardIO: return "install stdin, stdout and stderr"
            case .operation(_, let op): return op.description
            case .initProcess: return "fork the command from the container's init"
            case .exec(let candidates): return "execute \(candidates.first ?? "the command")"
            case .unknown(let n): return "run child stage \(n)"
            }
        }
    }

    /// Where it failed.
    public var stage: Stage
    /// Why.
    public var errno: Errno

    /// Creates an error.
    public init(stage: Stage, errno: Errno) {
        self.stage = stage
        self.errno = errno
    }

    /// "could not mount proc on /proc: Operation not permitted (1)".
    public var description: String { "could not \(stage): \(errno) (\(errno.rawValue))" }
}
