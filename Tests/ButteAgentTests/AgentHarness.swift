// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteAgent
import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Logging

/// A master and an agent serving on 127.0.0.1 in this process, and a framework subscribed to the master.
final class AgentHarness: Sendable {
    let masterPort: UInt16
    let agentPort: UInt16
    let agent: Agent
    let work: TemporaryDirectory
    private let tasks: [_Concurrency.Task<Void, any Error>]

    init(configure: (inout AgentConfiguration) -> Void = { _ in }) async throws {
        let ports = try FreePort.next(2)
        masterPort = ports[0]
        agentPort = ports[1]
        work = try TemporaryDirectory(prefix: "agent-test")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var masterConfiguration = MasterConfiguration(ip: "127.0.0.1", port: Int(masterPort), hostname: "127.0.0.1")
        masterConfiguration.allocationInterval = .milliseconds(50)
        let master = try Master(configuration: masterConfiguration, logger: logger)
        try await master.recover()
        let masterServer = MasterServer(master: master, configuration: masterConfiguration, logger: logger)
        var configuration = AgentConfiguration(
            master: "127.0.0.1:\(masterPort)", workDir: work.url.path + "/agent", hostname: "127.0.0.1", ip: "127.0.0.1", port: Int(agentPort))
        configuration.resources = try .parse("cpus:2;mem:1024;disk:1024;ports:[31000-31010]")
        configuration.statusUpdateRetry = .seconds(1)
        configure(&configuration)
        agent = try Agent(configuration: configuration, logger: logger)
        let agentServer = AgentServer(agent: agent, logger: logger)
        tasks = [_Concurrency.Task { try await masterServer.run() }, _Concurrency.Task { try await agentServer.run() }]
        let agent = self.agent
        try await Poll.until("agent registered", timeout: .seconds(20)) { () -> Bool? in await agent.agentID != nil ? true : nil }
    }

    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
        work.remove()
    }

    var masterScheduler: String { "http://127.0.0.1:\(masterPort)/api/v1/scheduler" }

    func get(_ path: String) async throws -> (status: Int, body: Data) {
        let response = try await TestHTTPClient.send("GET", URL(string: "http://127.0.0.1:\(agentPort)\(path)")!)
        return (response.status, response.body)
    }
}
