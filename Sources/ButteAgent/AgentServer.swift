// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Hummingbird
import Logging
import ServiceLifecycle

/// An agent serving HTTP and connected to its master, as one service.
public struct AgentServer: Service {
    /// The agent.
    public let agent: Agent
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void

    /// Creates a server; `onRunning` gets the bound port once it listens.
    public init(agent: Agent, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.agent = agent
        self.logger = logger
        self.onRunning = onRunning
    }

    /// Serves and keeps the master connection until cancelled or shut down gracefully.
    public func run() async throws {
        let agent = self.agent
        let onRunning = self.onRunning
        let configuration = agent.configuration
        let application = Application(
            router: AgentRoutes.router(agent: agent),
            configuration: ApplicationConfiguration(address: .hostname(configuration.ip, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                await agent.setBoundPort(port)
                await onRunning(port)
            },
            logger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.run() }
            group.addTask {
                // Register once the port is known, so the master learns the right one.
                while await agent.boundPort == 0 { try await _Concurrency.Task.sleep(for: .milliseconds(10)) }
                await agent.run()
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
