// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `butte master`.
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "master", abstract: "Run a Mesos-compatible master.")
    @Argument(parsing: .captureForPassthrough) var flags: [String] = []
    func run() async throws { throw NotSupportedError(feature: "butte master") }
}

/// `butte agent`.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "Run a Mesos-compatible agent.")
    @Argument(parsing: .captureForPassthrough) var flags: [String] = []
    func run() async throws { throw NotSupportedError(feature: "butte agent") }
}

/// `butte scheduler`.
struct SchedulerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", abstract: "Run a Marathon-compatible app scheduler.")
    @Argument(parsing: .captureForPassthrough) var flags: [String] = []
    func run() async throws { throw NotSupportedError(feature: "butte scheduler") }
}
