// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import ButteTesting

/// The `butte` executable as a user meets it: subcommands, flag sources and exit statuses.
@Suite struct CommandLineTests {
    /// Runs `butte` with extra environment variables (through env(1), which keeps the rest).
    func butte(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProbeOutput {
        let executable = TestEnvironment.butteExecutable.path
        try #require(FileManager.default.isExecutableFile(atPath: executable), "build butte first: swift build --build-tests")
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return try await Probe.runProcess("/usr/bin/env", assignments + [executable] + arguments, timeout: 60)
    }

    func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    @Test("--help lists every subcommand")
    func helpListsSubcommands() async throws {
        let output = try await butte(["--help"])
        #expect(output.termination == .exited(0))
        for subcommand in ["master", "agent", "scheduler", "dev", "run", "image", "executor"] {
            #expect(output.stdoutText.contains("\n  \(subcommand) "), "missing \(subcommand)")
        }
    }

    @Test(
        "a bad flag value is one sentence naming flag, value and source, and exit status 2",
        arguments: [
            (["agent", "--master=127.0.0.1:5050", "--work_dir=/tmp/w", "--port=abc"], [:], ["'abc'", "'--port'", "command line"]),
            (["agent", "--master=127.0.0.1:5050", "--work_dir=/tmp/w"], ["MESOS_PORT": "70000"], ["'70000'", "'--port'", "MESOS_PORT"]),
            (
                ["agent", "--master=127.0.0.1:5050", "--work_dir=/tmp/w", "--executor_registration_timeout=2sec"], [:],
                ["'2sec'", "'--executor_registration_timeout'"]
            ),
            (["agent", "--master=127.0.0.1:5050", "--work_dir=/tmp/w", "--resources=cpus:x"], [:], ["cpus", "'--resources'"]),
            (["agent", "--master=127.0.0.1:5050", "--work_dir=/tmp/w", "--containerizers=docker,lxc"], [:], ["'lxc'", "'--containerizers'"]),
            (["agent", "--work-dir=/tmp/w"], [:], ["'--work-dir'", "--work_dir"]),
            (["master", "--allocation_interval=fast"], [:], ["'fast'", "'--allocation_interval'"]),
            (["scheduler", "--master=127.0.0.1:5050"], ["MARATHON_HTTP_PORT": "0"], ["'0'", "MARATHON_HTTP_PORT"]),
            (["dev", "--master-port", "0"], [:], ["'0'", "--master-port"]),
        ] as [([String], [String: String], [String])]
    )
    func badFlagValue(arguments: [String], environment: [String: String], mentions: [String]) async throws {
        let output = try await butte(arguments, environment: environment)
        #expect(output.termination == .exited(2))
        let sentence = lines(output.stderrText).first ?? ""
        for word in mentions {
            #expect(sentence.contains(word), "'\(sentence)' does not mention \(word)")
        }
        #expect(output.stdoutText.isEmpty)
    }

    @Test("the command line beats MESOS_ variables, which beat defaults")
    func flagPrecedence() async throws {
        // A zk:// master stops the agent right after it logs its flags (leader detection is not built yet),
        // so the test reads the start-up line without starting a server.
        let output = try await butte(
            ["agent", "--master=zk://127.0.0.1:2181/mesos", "--work_dir=/tmp/w", "--port=5151"],
            environment: ["MESOS_PORT": "6000", "MESOS_CONTAINERIZERS": "docker,mesos"]
        )
        let startup = try #require(lines(output.stderrText).first { $0.hasPrefix("Flags at startup:") })
        #expect(startup.contains(#"--port="5151""#))
        #expect(startup.contains(#"--containerizers="docker,mesos""#))
        #expect(startup.contains(#"--executor_registration_timeout="1mins""#))
    }

    @Test("a subcommand that is not built yet says so and exits with status 3")
    func notSupported() async throws {
        let output = try await butte(["executor"])
        #expect(output.termination == .exited(3))
        #expect(output.stderrText.contains("not supported"))
    }

    @Test("butte dev creates its state directories, serves the master where it says, and stops cleanly on SIGTERM")
    func devServesAndStops() async throws {
        let scratch = try TemporaryDirectory(prefix: "butte-dev")
        defer { scratch.remove() }
        let workDir = scratch.url.appendingPathComponent("state")
        let ports = try FreePort.next(3)
        let dev = try ServiceProcess(
            name: "butte dev",
            executable: TestEnvironment.butteExecutable.path,
            arguments: [
                "dev", "--work-dir", workDir.path, "--master-port", "\(ports[0])", "--agent-port", "\(ports[1])",
                "--scheduler-port", "\(ports[2])",
            ],
            logFile: scratch.url.appendingPathComponent("dev.log")
        )
        let version = try await Poll.until("butte dev's master answers /version", timeout: .seconds(30)) { () async throws -> String? in
            try dev.checkRunning()
            let response = try await TestHTTPClient.send("GET", URL(string: "http://127.0.0.1:\(ports[0])/version")!)
            return response.status == 200 ? response.text : nil
        }
        #expect(version.contains(#""version""#))
        #expect(dev.logTail().contains("http://127.0.0.1:\(ports[0])/"))
        for component in ["master", "agent", "scheduler"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: workDir.appendingPathComponent(component).path, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
        await dev.stop(grace: .seconds(20))
        #expect(dev.terminationStatus == 0, "\(dev.logTail())")
    }
}
