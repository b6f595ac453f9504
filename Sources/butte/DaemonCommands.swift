// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import ButteAgent
import ButteCore
import ButteMaster
import ButteScheduler
import Logging
import ServiceLifecycle

/// `butte master`: a Mesos-compatible master.
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master",
        abstract: "Run a Mesos-compatible master (flags as mesos-master: --name=value, MESOS_<NAME>, /etc/mesos-master/)."
    )

    @Argument(parsing: .captureForPassthrough, help: "Mesos master flags; see 'butte master --help'.")
    var flags: [String] = []

    func run() async throws {
        guard let loaded = try MasterFlags.loader.load(arguments: flags) else { return }
        printError(DaemonFlags.startupLine(loaded))
        if loaded.isSet("zk") {
            throw NotSupportedError(feature: "A master with --zk (leader election and the registry in ZooKeeper)")
        }
        let configuration = try MasterConfiguration.from(flags: loaded)
        if configuration.workDir == nil && loaded.string("registry") != "in_memory" {
            throw UsageError(sentence: "Flag '--work_dir' is required: the master keeps its registry there (or pass '--registry=in_memory').")
        }
        try await MasterCommand.serve(configuration)
    }

    /// Runs a master until SIGINT or SIGTERM.
    static func serve(_ configuration: MasterConfiguration, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let logger = {
            var logger = Logger(label: "butte.master")
            logger.logLevel = .info
            return logger
        }()
        let registry: any Registry
        if let workDir = configuration.workDir {
            do {
                registry = try FileRegistry(workDir: workDir)
            } catch {
                throw UsageError(sentence: "Invalid value for flag '--work_dir': \(error.description).")
            }
        } else {
            registry = InMemoryRegistry()
        }
        let master = try Master(configuration: configuration, registry: registry, logger: logger)
        try await master.recover()
        let server = MasterServer(master: master, configuration: configuration, logger: logger) { port in
            logger.info("master \(master.id) listening on \(configuration.ip):\(port)")
            await onRunning(port)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// `butte agent`: a Mesos-compatible agent.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run a Mesos-compatible agent (flags as mesos-agent: --name=value, MESOS_<NAME>, /etc/mesos-agent/)."
    )

    @Argument(parsing: .captureForPassthrough, help: "Mesos agent flags; see 'butte agent --help'.")
    var flags: [String] = []

    func run() async throws {
        guard let loaded = try AgentFlags.loader.load(arguments: flags) else { return }
        printError(DaemonFlags.startupLine(loaded))
        let configuration = try AgentConfiguration.from(flags: loaded)
        try await AgentCommand.serve(configuration)
    }

    /// Runs an agent until SIGINT or SIGTERM.
    static func serve(_ configuration: AgentConfiguration, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let logger = {
            var logger = Logger(label: "butte.agent")
            logger.logLevel = .info
            return logger
        }()
        let agent: Agent
        do {
            agent = try Agent(configuration: configuration, logger: logger)
        } catch let error as AgentError {
            throw UsageError(sentence: error.message + ".")
        }
        let server = AgentServer(agent: agent, logger: logger) { port in
            logger.info("agent listening on \(configuration.ip):\(port), master \(configuration.master)")
            await onRunning(port)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}

/// `butte scheduler`: a Marathon-compatible app scheduler.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler",
        abstract: "Run a Marathon-compatible app scheduler (flags as marathon: --name=value, MARATHON_<NAME>, /etc/marathon/conf/)."
    )

    @Argument(parsing: .captureForPassthrough, help: "Scheduler flags; see 'butte scheduler --help'.")
    var flags: [String] = []

    func run() async throws {
        guard let loaded = try SchedulerFlags.loader.load(arguments: flags) else { return }
        printError(DaemonFlags.startupLine(loaded))
        let configuration = try SchedulerFlags.configuration(loaded)
        if configuration.workDir == nil {
            printError("butte scheduler: no --work_dir: apps are kept in memory only and are lost when the scheduler stops")
        }
        try await Self.serve(configuration)
    }

    /// Runs a scheduler until SIGINT or SIGTERM.
    static func serve(_ configuration: SchedulerConfiguration) async throws {
        var logger = Logger(label: "butte.scheduler")
        logger.logLevel = .info
        let server = SchedulerServer(configuration: configuration, logger: logger)
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
