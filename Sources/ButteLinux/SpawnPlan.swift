// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Everything a launch does, decided in the parent: the namespaces to create, the steps the child runs,
/// and the command it finally executes. ``Spawner`` turns it into CSpawn's plan and runs it.
public struct SpawnPlan: Hashable, Sendable {
    /// Namespaces created by `clone3`.
    public var namespaces: NamespaceSet
    /// A cgroup v2 directory (an `O_DIRECTORY` descriptor) the child starts in (`CLONE_INTO_CGROUP`), so it is
    /// in its cgroup before it runs one instruction; nil to stay in the caller's cgroup.
    public var cgroupDescriptor: Int32?
    /// The steps, in order.
    public var operations: [SpawnOperation]
    /// Paths tried in order with `execve` (a `PATH` search resolved by the planner).
    public var executableCandidates: [String]
    /// The argument vector (`argv[0]` included).
    public var arguments: [String]
    /// The environment, `NAME=value` each.
    public var environment: [String]
    /// Run a minimal init as the first process: it forks the command, reaps every zombie, forwards
    /// SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGWINCH to it, and exits with its status.
    public var runsInit: Bool
    /// Descriptors installed as the child's stdin, stdout and stderr; nil keeps the caller's.
    public var standardInput: Int32?
    /// See ``standardInput``.
    public var standardOutput: Int32?
    /// See ``standardInput``.
    public var standardError: Int32?
    /// With ``NamespaceSet/user``: the `uid_map` lines.
    public var uidMappings: [IDMapping]
    /// With ``NamespaceSet/user``: the `gid_map` lines.
    public var gidMappings: [IDMapping]
    /// A signal the first process gets when the thread that spawned it exits (SIGKILL for `butte run`, so a
    /// killed `butte run` takes its container with it); nil for containers that outlive their launcher.
    public var parentDeathSignal: Int32?

    /// Creates a plan.
    public init(
        namespaces: NamespaceSet = [], cgroupDescriptor: Int32? = nil, operations: [SpawnOperation] = [],
        executableCandidates: [String], arguments: [String], environment: [String] = [], runsInit: Bool = false,
        standardInput: Int32? = nil, standardOutput: Int32? = nil, standardError: Int32? = nil,
        uidMappings: [IDMapping] = [], gidMappings: [IDMapping] = [], parentDeathSignal: Int32? = nil
    ) {
        self.namespaces = namespaces
        self.cgroupDescriptor = cgroupDescriptor
        self.operations = operations
        self.executableCandidates = executableCandidates
        self.arguments = arguments
        self.environment = environment
        self.runsInit = runsInit
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
        self.parentDeathSignal = parentDeathSignal
    }
}
