// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// The entry point: `butte run` command lines of the plain shape go straight to ``RunRequest`` (a container
/// start pays for neither ArgumentParser nor the concurrency runtime); everything else goes through
/// ``Butte/runCommandLine()`` on the main actor, as an `async` main would.
@main
enum ButteEntry {
    static func main() {
        if let request = RunRequest(fastPathArguments: CommandLine.arguments) {
            request.execute()
        }
        Task { @MainActor in
            await Butte.runCommandLine()
            exit(0)
        }
        dispatchMain()
    }
}

/// The one Butte executable: parses the command line and hands over to the chosen subcommand.
struct Butte: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "butte",
        abstract: "A cluster manager for Linux hosts: Mesos-compatible master and agent, a Marathon-compatible app scheduler.",
        discussion: """
            Start everything on this machine with `butte dev`. In a cluster, run `butte master` on the \
            master hosts, `butte agent` as root on every host that runs tasks, and `butte scheduler` \
            for Marathon-style apps.
            """,
        version: ButteVersion.current,
        subcommands: [
            MasterCommand.self,
            AgentCommand.self,
            SchedulerCommand.self,
            DevCommand.self,
            RunCommand.self,
            ImageCommand.self,
            ExecutorCommand.self,
        ]
    )

    /// Runs the command line, mapping every usage error (unknown flag, bad value) to exit code 2
    /// with one sentence on standard error, as the rest of the Mesos tool family does.
    static func runCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UsageError {
            printError("butte: \(error.sentence)")
            Glibc.exit(ExitStatus.usage)
        } catch let error as NotSupportedError {
            printError("butte: \(error.sentence)")
            Glibc.exit(ExitStatus.notSupported)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(message(for: error))
                printError("Run 'butte --help' for usage.")
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
