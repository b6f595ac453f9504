// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteContainerizer
import ButteCore
import ButteImage
import ButteOCI
import ButteProtocol
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A Mesos-compatible agent: registers with the master over the agent API, runs command tasks (with or without
/// an image) as containers in per-run sandboxes, and reports their states through the ``StatusUpdateManager``.
public actor Agent {
    /// Its settings.
    public nonisolated let configuration: AgentConfiguration
    /// The total resources it offers.
    public nonisolated let resources: Resources
    /// When it started (seconds since the epoch).
    public nonisolated let startTime: Double
    let logger: Logger
    let launcher: Launcher
    let updates: StatusUpdateManager
    /// Status updates in the order they were produced, fed to ``updates`` by one consumer.
    private let outbox: AsyncStream<(TaskStatus, FrameworkID)>.Continuation
    let http: HTTPClient
    let master: EventStreamClient
    private var imageStore: ImageStore?

    /// The id the master gave it, once registered.
    public private(set) var agentID: AgentID?
    private var streamID: String?
    private var lastEvent = ContinuousClock.now
    private var heartbeatInterval: Duration = .seconds(15)
    private(set) var frameworks: [String: FrameworkInfo] = [:]
    private(set) var tasks: [String: AgentTask] = [:]
    private(set) var completedTasks: [AgentTask] = []
    /// Counters for `/metrics/snapshot`.
    private(set) var counters = (launched: 0, finished: 0, failed: 0, killed: 0)
    /// The port the HTTP server listens on, once known.
    public private(set) var boundPort: Int

    /// Creates an agent; ``run()`` connects it.
    public init(configuration: AgentConfiguration, logger: Logger = Logger(label: "butte.agent"), http: HTTPClient = .shared) throws {
        self.configuration = configuration
        self.logger = logger
        for directory in [configuration.workDir, configuration.runtimeDir] {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            } catch {
                throw AgentError("cannot create the directory '\(directory)': \(error.localizedDescription)")
            }
        }
        self.resources = HostResources.detect(workDir: configuration.workDir, role: configuration.defaultRole, configured: configuration.resources)
        self.launcher = Launcher(runtime: RuntimeDirectory(root: configuration.runtimeDir + "/butte"))
        self.updates = StatusUpdateManager(firstRetry: configuration.statusUpdateRetry, maxRetry: configuration.statusUpdateMaxRetry)
        let (stream, continuation) = AsyncStream.makeStream(of: (TaskStatus, FrameworkID).self)
        self.outbox = continuation
        let updates = self.updates
        _Concurrency.Task {
            for await (status, frameworkID) in stream { await updates.enqueue(status, frameworkID: frameworkID) }
        }
        self.http = http
        self.master = EventStreamClient(http: http, url: "http://\(configuration.master)/api/v1/agent")
        self.startTime = Date().timeIntervalSince1970
        self.boundPort = configuration.port
    }

    /// Records the port the HTTP server bound (when the configuration asked for port 0).
    public func setBoundPort(_ port: Int) { boundPort = port }

    /// `ip:port` where tasks and the master reach the agent.
    var endpoint: String {
        let ip = configuration.advertiseIP ?? (configuration.ip == "0.0.0.0" ? "127.0.0.1" : configuration.ip)
        return "\(ip):\(boundPort)"
    }

    // MARK: Master connection

    /// Subscribes to the master and keeps the connection: heartbeats, reconnects with backoff, and re-registers
    /// with the tasks it runs. Returns when cancelled.
    public func run() async {
        var backoff = configuration.reconnectBackoff
        while !_Concurrency.Task.isCancelled {
            do {
                try await connectOnce()
                backoff = configuration.reconnectBackoff
            } catch is CancellationError {
                break
            } catch {
                logger.warning("master connection to \(configuration.master) failed: \(error)")
            }
            await disconnected()
            if _Concurrency.Task.isCancelled { break }
            let jitter = Double.random(in: 0...0.5)
            do { try await _Concurrency.Task.sleep(for: backoff + backoff * jitter) } catch { break }
            backoff = min(backoff * 2, .seconds(60))
        }
        await shutdown()
    }

    private func disconnected() async {
        streamID = nil
        await updates.disconnect()
    }

    private func subscribeCall() async -> AgentCall {
        var info = AgentInfo(hostname: configuration.hostname, port: Int32(boundPort))
        info.resources = HostResources.messages(resources)
        info.attributes = HostResources.messages(configuration.attributes)
        info.id = agentID
        var subscribe = AgentCall.Subscribe(agentInfo: info, version: "1.11.0")
        if let agentID {
            var reported: [ButteProtocol.Task] = []
            for task in tasks.values {
                let pending = await updates.oldestPending(frameworkID: task.frameworkID, taskID: task.info.taskID)
                reported.append(task.message(agentID: agentID, oldestPending: pending))
            }
            subscribe.tasks = reported
            let frameworkIDs = Set(tasks.values.map(\.frameworkID.value))
            subscribe.frameworks = frameworks.filter { frameworkIDs.contains($0.key) }.map(\.value)
        }
        return AgentCall(type: .subscribe, agentID: agentID, subscribe: subscribe)
    }

    private func connectOnce() async throws {
        let subscription = try await master.subscribe(await subscribeCall())
        lastEvent = .now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await record in subscription.events {
                    let event = try ProtocolJSON.decode(AgentEvent.self, from: record)
                    try await self.handle(event, streamID: subscription.streamID)
                }
                throw AgentError("the master closed the event stream")
            }
            group.addTask {
                while true {
                    try await _Concurrency.Task.sleep(for: .seconds(1))
                    try await self.keepAlive()
                }
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    private var lastHeartbeat = ContinuousClock.now

    /// Sends HEARTBEAT every interval; gives up on a master silent for three intervals.
    private func keepAlive() async throws {
        guard let streamID, let agentID else { return }
        if ContinuousClock.now - lastEvent > heartbeatInterval * 3 {
            throw AgentError("no event from the master for \(heartbeatInterval * 3)")
        }
        if ContinuousClock.now - lastHeartbeat >= heartbeatInterval {
            lastHeartbeat = .now
            let call = AgentCall(type: .heartbeat, agentID: agentID)
            _ = try? await master.post(call, streamID: streamID)
        }
    }

    private func handle(_ event: AgentEvent, streamID: String) async throws {
        lastEvent = .now
        switch event.type {
        case .subscribed?:
            guard let subscribed = event.subscribed else { return }
            agentID = subscribed.agentID
            self.streamID = streamID
            if let seconds = subscribed.heartbeatIntervalSeconds, seconds > 0 { heartbeatInterval = .milliseconds(Int64(seconds * 1000)) }
            lastHeartbeat = .now
            logger.info("registered with master \(configuration.master) as agent \(subscribed.agentID.value)")
            let client = master
            let agentID = subscribed.agentID
            await updates.connect { update in
                let call = AgentCall(type: .update, agentID: agentID, update: update)
                _ = try? await client.post(call, streamID: streamID)
            }
        case .runTask?:
            guard let run = event.runTask else { return }
            runTask(run.task, framework: run.frameworkInfo)
        case .killTask?:
            guard let kill = event.killTask else { return }
            killTask(frameworkID: kill.frameworkID, taskID: kill.taskID, policy: kill.killPolicy)
        case .acknowledge?:
            guard let ack = event.acknowledge else { return }
            await updates.acknowledge(frameworkID: ack.frameworkID, taskID: ack.taskID, uuid: ack.uuid)
        case .shutdownFramework?:
            guard let frameworkID = event.shutdownFramework?.frameworkID else { return }
            await updates.drop(frameworkID: frameworkID)
            for task in tasks.values where task.frameworkID == frameworkID {
                killTask(frameworkID: frameworkID, taskID: task.info.taskID, policy: nil)
            }
        case .updateFramework?:
            if let info = event.updateFramework?.frameworkInfo, let id = info.id { frameworks[id.value] = info }
        case .error?:
            throw AgentError("the master refused the agent: \(event.error?.message ?? "no message")")
        default:
            break
        }
    }

    // MARK: Tasks

    static func key(_ frameworkID: FrameworkID, _ taskID: TaskID) -> String { frameworkID.value + "\u{0}" + taskID.value }

    /// The sandbox of an executor run.
    public nonisolated func sandboxPath(agentID: AgentID, frameworkID: FrameworkID, executorID: ExecutorID, containerID: String) -> String {
        "\(configuration.workDir)/slaves/\(agentID.value)/frameworks/\(frameworkID.value)/executors/\(executorID.value)/runs/\(containerID)"
    }

    private func runTask(_ info: TaskInfo, framework: FrameworkInfo) {
        guard let agentID, let frameworkID = framework.id ?? info.executor?.frameworkID else {
            logger.error("RUN_TASK for '\(info.taskID.value)' without a framework id: ignored")
            return
        }
        frameworks[frameworkID.value] = framework
        let key = Self.key(frameworkID, info.taskID)
        guard tasks[key] == nil else {
            logger.warning("RUN_TASK for task '\(info.taskID.value)' that already runs: ignored")
            return
        }
        let executorID = info.executor?.executorID ?? ExecutorID(value: info.taskID.value)
        let containerID = UUID().uuidString.lowercased()
        let sandbox = sandboxPath(agentID: agentID, frameworkID: frameworkID, executorID: executorID, containerID: containerID)
        var task = AgentTask(
            info: info, frameworkID: frameworkID, executorID: executorID, containerID: containerID, sandbox: sandbox, state: .staging)
        tasks[key] = task
        counters.launched += 1
        if info.executor != nil {
            task.state = .staging
            tasks[key] = task
            report(key, .failed, reason: .containerLaunchFailed, message: "Custom executors are not supported by this agent yet")
            return
        }
        report(key, .starting)
        let inputs = TaskSpecBuilder.Inputs(
            task: info, frameworkID: frameworkID, executorID: executorID, agentID: agentID, containerID: containerID, sandbox: sandbox,
            agentEndpoint: endpoint, configuration: configuration, image: nil)
        _Concurrency.Task { await self.launch(key, inputs) }
    }

    private func launch(_ key: String, _ given: TaskSpecBuilder.Inputs) async {
        var inputs = given
        let taskID = inputs.task.taskID.value
        let cpus = HostResources.scalar("cpus", in: inputs.task.resources)
        let mem = HostResources.scalar("mem", in: inputs.task.resources)
        let cgroup: TaskCgroup
        do {
            try Self.createSandbox(inputs.sandbox)
            if let name = TaskSpecBuilder.imageName(of: inputs.task) {
                let image = try await provision(name, lease: inputs.containerID, taskID: taskID)
                tasks[key]?.imageLease = inputs.containerID
                inputs.image = (image.config, image.layerDirectories.reversed())
            }
            var spec = try TaskSpecBuilder.spec(inputs)
            let out = try Self.openLog(inputs.sandbox + "/stdout")
            let err = try Self.openLog(inputs.sandbox + "/stderr")
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer {
                close(out)
                close(err)
                if null >= 0 { close(null) }
            }
            spec.standardInput = null >= 0 ? null : nil
            spec.standardOutput = out
            spec.standardError = err
            do {
                cgroup = try TaskCgroup.prepare(name: inputs.containerID, cpus: cpus, memoryMB: mem)
            } catch {
                throw AgentError("cannot set up the cgroup of task '\(taskID)': \(error)")
            }
            if let warning = cgroup.warning { logger.debug("task \(taskID) runs without cgroup limits: \(warning)") }
            spec.cgroupDescriptor = cgroup.descriptor
            guard tasks[key]?.killRequested != true else {
                cgroup.abandon()
                report(key, .killed, reason: .taskKilledDuringLaunch, message: "Task killed before it started")
                return
            }
            let container: RunningContainer
            do {
                container = try await launcher.launch(spec) { exit in cgroup.finish(&exit) }
            } catch {
                cgroup.abandon()
                throw AgentError("cannot launch the container of task '\(taskID)': \(error.message)")
            }
            cgroup.closeDescriptor()
            tasks[key]?.container = container
            report(key, .running)
            if tasks[key]?.killRequested == true { try? container.signal(SIGTERM) }
            _Concurrency.Task {
                let exit = await container.wait()
                await self.exited(key, exit)
            }
        } catch {
            let message = (error as? AgentError)?.message ?? "\(error)"
            logger.warning("task \(taskID) failed to launch: \(message)")
            report(key, .failed, reason: .containerLaunchFailed, message: message)
            await releaseImage(key)
        }
    }

    private func provision(_ name: String, lease: String, taskID: String) async throws(AgentError) -> StoredImage {
        var raw = name
        if let domain = configuration.defaultRegistryDomain, !Self.hasDomain(name) { raw = domain + "/" + name }
        let reference: ImageReference
        do {
            reference = try ImageReference(parsing: raw)
        } catch {
            throw AgentError("task '\(taskID)': '\(name)' is not an image reference: \(error.message)")
        }
        do {
            let store = try images()
            let image = try await store.pull(reference)
            try await store.acquireLease(lease, for: image)
            return image
        } catch {
            throw AgentError("cannot pull image '\(reference)' for task '\(taskID)': \(error)")
        }
    }

    static func hasDomain(_ name: String) -> Bool {
        guard let slash = name.firstIndex(of: "/") else { return false }
        let first = name[..<slash]
        return first.contains(".") || first.contains(":") || first == "localhost"
    }

    private func images() throws -> ImageStore {
        if let imageStore { return imageStore }
        let store = try ImageStore(directory: configuration.dockerStoreDir, registry: configuration.registryConfiguration)
        imageStore = store
        return store
    }

    private func releaseImage(_ key: String) async {
        guard let lease = tasks[key]?.imageLease, let imageStore else { return }
        tasks[key]?.imageLease = nil
        try? await imageStore.releaseLease(lease)
    }

    private func exited(_ key: String, _ exit: ContainerExit) async {
        guard let task = tasks[key] else { return }
        await releaseImage(key)
        if task.killRequested {
            report(key, .killed, message: "Command terminated with \(exit.termination)")
        } else if exit.outOfMemory {
            report(key, .failed, reason: .containerLimitationMemory, message: "Memory limit exceeded: the task was killed by the OOM killer")
        } else if exit.status == 0 {
            report(key, .finished, message: "Command exited with status 0")
        } else if exit.status > 128 {
            report(key, .failed, reason: .commandExecutorFailed, message: "Command terminated with signal \(exit.status - 128)")
        } else {
            report(key, .failed, reason: .commandExecutorFailed, message: "Command exited with status \(exit.status)")
        }
    }

    private func killTask(frameworkID: FrameworkID, taskID: TaskID, policy: KillPolicy?) {
        let key = Self.key(frameworkID, taskID)
        guard let task = tasks[key] else {
            logger.info("KILL_TASK for unknown task '\(taskID.value)' of framework \(frameworkID.value): ignored")
            return
        }
        guard !task.killRequested else { return }
        tasks[key]?.killRequested = true
        guard let container = task.container else { return }
        if frameworks[frameworkID.value]?.capabilities.contains(where: { $0.type == .taskKillingState }) == true {
            report(key, .killing)
        }
        try? container.signal(SIGTERM)
        let grace =
            (policy?.gracePeriod ?? task.info.killPolicy?.gracePeriod).map { Duration.nanoseconds($0.nanoseconds) } ?? configuration.killGracePeriod
        _Concurrency.Task {
            try? await _Concurrency.Task.sleep(for: grace)
            if container.exit == nil { try? container.signal(SIGKILL) }
        }
    }

    /// Records a new state of a task and queues its status update; a terminal state retires the task.
    private func report(_ key: String, _ state: TaskState, reason: TaskStatus.Reason? = nil, message: String? = nil) {
        guard var task = tasks[key], let agentID else { return }
        let status = TaskStatus(
            taskID: task.info.taskID, state: state, message: message, source: .executor, reason: reason, agentID: agentID,
            executorID: task.executorID, timestamp: Date().timeIntervalSince1970, uuid: Self.uuid())
        var statusAdjusted = status
        if state == .failed && reason == .containerLaunchFailed { statusAdjusted.source = .agent }
        task.state = state
        task.statuses.append(statusAdjusted)
        let frameworkID = task.frameworkID
        if TaskState.terminal.contains(state) {
            task.container = nil
            tasks[key] = nil
            completedTasks.append(task)
            if completedTasks.count > 1000 { completedTasks.removeFirst(completedTasks.count - 1000) }
            switch state {
            case .finished: counters.finished += 1
            case .killed: counters.killed += 1
            default: counters.failed += 1
            }
        } else {
            tasks[key] = task
        }
        logger.info("task \(task.info.taskID.value) is \(state.rawValue)\(message.map { ": " + $0 } ?? "")")
        outbox.yield((statusAdjusted, frameworkID))
    }

    static func uuid() -> Data {
        let id = UUID().uuid
        return withUnsafeBytes(of: id) { Data($0) }
    }

    static func createSandbox(_ path: String) throws(AgentError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        } catch {
            throw AgentError("cannot create the sandbox '\(path)': \(error.localizedDescription)")
        }
    }

    static func openLog(_ path: String) throws(AgentError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AgentError("cannot create '\(path)': \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Kills every task (the agent is stopping without checkpointing).
    private func shutdown() async {
        for task in tasks.values {
            try? task.container?.signal(SIGKILL)
        }
    }

    // MARK: Views

    /// The tasks running now and the recent terminal ones, for `/state`.
    func snapshot() -> (tasks: [AgentTask], completed: [AgentTask], frameworks: [String: FrameworkInfo]) {
        (Array(tasks.values), completedTasks, frameworks)
    }

    /// The sandbox of the latest run of an executor, or nil.
    func latestRun(frameworkID: String, executorID: String) -> String? {
        let all = Array(tasks.values) + completedTasks.reversed()
        return all.first { $0.frameworkID.value == frameworkID && $0.executorID.value == executorID }?.sandbox
    }
}
