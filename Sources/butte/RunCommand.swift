// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `butte run`: one container in the foreground, like `docker run --rm`, or a one-off task on a
/// cluster, like `mesos-execute`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one container in the foreground (or a one-off task on a cluster with --master)."
    )

    @Option(help: "A directory to use as the container's root filesystem.")
    var rootfs: String?

    @Option(help: "An image reference to run.")
    var image: String?

    @Option(help: "Submit the task to this master (HOST:PORT) instead of running it here.")
    var master: String?

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func run() async throws { throw NotSupportedError(feature: "butte run") }
}
