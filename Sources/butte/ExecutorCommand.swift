// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `butte executor`: the built-in command executor that the agent starts inside containers.
struct ExecutorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "executor",
        abstract: "The built-in command executor (started by the agent; speaks the v1 executor API)."
    )

    func run() async throws { throw NotSupportedError(feature: "butte executor") }
}
