// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import ButteAgent
import ButteMaster
import ButteScheduler
import Foundation

/// `butte dev`: master, agent and scheduler in one process on 127.0.0.1 with local state.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run master, agent and scheduler together on 127.0.0.1, with state under the work directory."
    )

    @Option(help: "Where the all-in-one cluster keeps its state.")
    var workDir: String = "/var/lib/butte/dev"

    @Option(help: "The master's port (Mesos v1 scheduler API and web UI).")
    var masterPort: TCPPort = TCPPort(5050)

    @Option(help: "The agent's port.")
    var agentPort: TCPPort = TCPPort(5051)

    @Option(help: "The scheduler's port (Marathon REST API and web UI).")
    var schedulerPort: TCPPort = TCPPort(8080)

    @Option(help: "A registry reached over plain HTTP (HOST:PORT); repeatable.")
    var insecureRegistry: [String] = []

    func validate() throws {
        let ports = [masterPort, agentPort, schedulerPort]
        guard Set(ports).count == ports.count else {
            throw ValidationError("--master-port, --agent-port and --scheduler-port must be three different ports.")
        }
        for registry in insecureRegistry where !DevCommand.isHostPort(registry) {
            throw ValidationError("Invalid value '\(registry)' for '--insecure-registry': expected HOST:PORT.")
        }
    }

    func run() async throws {
        let layout = DevLayout(workDir: URL(fileURLWithPath: workDir, isDirectory: true))
        try layout.create()
        var master = MasterConfiguration(
            ip: "127.0.0.1",
            port: Int(masterPort.value),
            hostname: "127.0.0.1",
            workDir: layout.master.path
        )
        master.flags = ["ip": "127.0.0.1", "port": String(masterPort.value), "work_dir": layout.master.path, "hostname": "127.0.0.1"]
        let masterPort = self.masterPort
        let agentPort = self.agentPort
        let schedulerPort = self.schedulerPort
        var agent = AgentConfiguration(
            master: "127.0.0.1:\(masterPort.value)", workDir: layout.agent.path, hostname: "127.0.0.1", ip: "127.0.0.1", port: Int(agentPort.value))
        agent.runtimeDir = layout.agent.appendingPathComponent("run").path
        agent.dockerStoreDir = layout.agent.appendingPathComponent("store/docker").path
        if let registry = insecureRegistry.first { agent.dockerRegistry = "http://" + registry }
        agent.flags = [
            "master": agent.master, "work_dir": agent.workDir, "ip": "127.0.0.1", "port": String(agentPort.value), "hostname": "127.0.0.1",
            "docker_store_dir": agent.dockerStoreDir, "docker_registry": agent.dockerRegistry,
        ]
        var scheduler = SchedulerConfiguration(master: "127.0.0.1:\(masterPort.value)", hostname: "127.0.0.1")
        scheduler.httpAddress = "127.0.0.1"
        scheduler.httpPort = Int(schedulerPort.value)
        scheduler.workDir = layout.scheduler.path
        let masterConfiguration = master
        let agentConfiguration = agent
        let schedulerConfiguration = scheduler
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await MasterCommand.serve(masterConfiguration) { _ in
                    print("butte dev: state under \(layout.workDir.path)")
                    print(
                        "  master     http://127.0.0.1:\(masterPort.value)/  (web UI; Mesos v1 API /api/v1/scheduler)   state \(layout.master.path)")
                    print("  agent      http://127.0.0.1:\(agentPort.value)/state  (sandboxes under \(layout.agent.path)/slaves)")
                    print(
                        "  scheduler  http://127.0.0.1:\(schedulerPort.value)/  (web UI; Marathon API /v2/apps)   state \(layout.scheduler.path)")
                    print("  stop with Ctrl-C")
                    fflush(nil)
                }
            }
            group.addTask { try await AgentCommand.serve(agentConfiguration) }
            group.addTask { try await SchedulerCommand.serve(schedulerConfiguration) }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    static func isHostPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else { return false }
        return TCPPort(argument: String(text[text.index(after: colon)...])) != nil
    }
}

/// The directories `butte dev` keeps its state in, one per component.
struct DevLayout {
    var workDir: URL
    var master: URL { workDir.appendingPathComponent("master", isDirectory: true) }
    var agent: URL { workDir.appendingPathComponent("agent", isDirectory: true) }
    var scheduler: URL { workDir.appendingPathComponent("scheduler", isDirectory: true) }

    /// Creates the directories, readable by their owner only (they will hold sandboxes and images).
    func create() throws {
        for directory in [workDir, master, agent, scheduler] {
            do {
                try FileManager.default.createDirectory(
                    at: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw UsageError(sentence: "Cannot create the work directory '\(directory.path)': \(error.localizedDescription)")
            }
        }
    }
}
