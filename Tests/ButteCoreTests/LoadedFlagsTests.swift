// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

@Suite struct LoadedFlagsTests {
    private static let specs: [FlagSpec] = [
        .value("port", default: "5051", help: "Port."),
        .value("count", help: "A count."),
        .value("timeout", default: "1mins", help: "Timeout."),
        .value("resources", help: "Resources."),
        .value("attributes", help: "Attributes."),
        .value("isolation", help: "Isolators."),
        .value("recover", default: "reconnect", help: "Recovery."),
        .value("env", help: "Executor environment."),
        .value("flag", help: "A value flag read as a boolean."),
        .boolean("strict", default: true, help: "Strict."),
    ]

    private func load(_ arguments: [String], environment: [String: String] = [:]) throws(CoreError) -> LoadedFlags {
        try FlagLoader(specs: Self.specs).load(arguments: arguments, environment: environment)
    }

    @Test("typed accessors parse good values")
    func goodValues() throws {
        let flags = try load([
            "--count=-3", "--timeout=90secs", "--resources=cpus:2;mem:512", "--attributes=rack:r1",
            "--isolation=cgroups/cpu, cgroups/mem,,", "--recover=cleanup", #"--env={"PATH":"/bin"}"#, "--flag=1",
        ])
        #expect(try flags.port("port") == 5051)
        #expect(try flags.int("count") == -3)
        #expect(try flags.duration("timeout") == .seconds(90))
        #expect(try flags.resources("resources")?.mem == 512)
        #expect(try flags.resources("resources", defaultRole: "web")?.reserved(for: "web").cpus == 2)
        #expect(try flags.attributes("attributes") == [Attribute(name: "rack", value: .text("r1"))])
        #expect(flags.list("isolation") == ["cgroups/cpu", "cgroups/mem"])
        #expect(try flags.choice("recover", of: ["reconnect", "cleanup"]) == "cleanup")
        #expect(try flags.json("env", as: [String: String].self) == ["PATH": "/bin"])
        #expect(try flags.bool("flag"))
        #expect(try flags.bool("strict"))
        #expect(try flags.required("port", flags.port) == 5051)
    }

    @Test("unset flags without defaults read as nil")
    func unset() throws {
        let flags = try load([])
        #expect(try flags.int("count") == nil)
        #expect(try flags.resources("resources") == nil)
        #expect(flags.list("isolation") == nil)
        #expect(try flags.json("env", as: [String: String].self) == nil)
        #expect(try flags.duration("timeout") == .minutes(1))
        #expect(throws: CoreError(.missingFlag, "Missing required flag '--count'.")) { try flags.required("count", flags.int) }
    }

    @Test(
        "bad values give one sentence naming the flag, the value and the source",
        arguments: [
            (
                "MESOS_PORT", "abc",
                "Invalid value 'abc' for flag '--port' (from environment variable MESOS_PORT): expected an integer between 1 and 65535."
            ),
            (
                "MESOS_PORT", "0",
                "Invalid value '0' for flag '--port' (from environment variable MESOS_PORT): expected an integer between 1 and 65535."
            ),
            (
                "MESOS_PORT", "65536",
                "Invalid value '65536' for flag '--port' (from environment variable MESOS_PORT): expected an integer between 1 and 65535."
            ),
            ("MESOS_COUNT", "1.5", "Invalid value '1.5' for flag '--count' (from environment variable MESOS_COUNT): expected an integer."),
            (
                "MESOS_TIMEOUT", "5",
                "Invalid value '5' for flag '--timeout' (from environment variable MESOS_TIMEOUT): expected a number followed by ns, us, ms, secs, mins, hrs, days or weeks, such as 15mins."
            ),
            (
                "MESOS_RESOURCES", "cpus:abc",
                "Invalid value 'cpus:abc' for flag '--resources' (from environment variable MESOS_RESOURCES): invalid scalar 'abc' for resource 'cpus'."
            ),
            (
                "MESOS_ATTRIBUTES", "rack",
                "Invalid value 'rack' for flag '--attributes' (from environment variable MESOS_ATTRIBUTES): invalid attribute 'rack': expected 'name:value'."
            ),
            (
                "MESOS_RECOVER", "never",
                "Invalid value 'never' for flag '--recover' (from environment variable MESOS_RECOVER): expected 'reconnect' or 'cleanup'."
            ),
            ("MESOS_ENV", "{", "Invalid value '{' for flag '--env' (from environment variable MESOS_ENV): not valid JSON."),
            (
                "MESOS_ENV", "[1]",
                "Invalid value '[1]' for flag '--env' (from environment variable MESOS_ENV): unexpected JSON at top level: expected an object."
            ),
            ("MESOS_FLAG", "yes", "Invalid value 'yes' for flag '--flag' (from environment variable MESOS_FLAG): expected true, false, 1 or 0."),
        ])
    func badValues(variable: String, value: String, message: String) throws {
        let flags = try load([], environment: [variable: value])
        let name = variable.dropFirst("MESOS_".count).lowercased()
        let error = #expect(throws: CoreError.self) {
            switch name {
            case "port": _ = try flags.port(name)
            case "count": _ = try flags.int(name)
            case "timeout": _ = try flags.duration(name)
            case "resources": _ = try flags.resources(name)
            case "attributes": _ = try flags.attributes(name)
            case "recover": _ = try flags.choice(name, of: ["reconnect", "cleanup"])
            case "env": _ = try flags.json(name, as: [String: String].self)
            default: _ = try flags.bool(name)
            }
        }
        #expect(error?.message == message)
        #expect(error?.code == .invalidFlagValue)
    }

    @Test("JSON flags also take a bare absolute path, as stout does")
    func jsonFromPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("env.json", #"{"A":"1"}"#)
        #expect(try load(["--env=\(path)"]).json("env", as: [String: String].self) == ["A": "1"])
        let missing = dir.path + "/missing.json"
        #expect(
            throws: CoreError(
                .invalidFlagValue, "Invalid value '\(missing)' for flag '--env' (from command line): cannot read the file: No such file or directory."
            )
        ) {
            try load(["--env=\(missing)"]).json("env", as: [String: String].self)
        }
    }

    @Test("effective flags list every value with its source, file:// values as given")
    func effectiveFlags() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("count", "12")
        let flags = try load(["--count=file://\(path)", "--no-strict"])
        let listed = flags.effectiveFlags
        #expect(listed.map(\.name) == ["count", "port", "recover", "strict", "timeout"])
        #expect(listed[0].given == "file://\(path)" && listed[0].value == "12")
        #expect(listed[3] == FlagValue(name: "strict", value: "false", source: .commandLine))
        #expect(listed[1].source == .defaultValue)
        #expect(try flags.int("count") == 12)
        #expect(
            flags.effectiveValues == [
                "count": "file://\(path)", "port": "5051", "recover": "reconnect", "strict": "false", "timeout": "1mins",
            ])
    }

    @Test("invalidValue lets daemons report their own checks the same way")
    func customCheck() throws {
        let flags = try load(["--count=7"])
        #expect(
            flags.invalidValue("count", expected: "expected at most 5").message
                == "Invalid value '7' for flag '--count' (from command line): expected at most 5.")
    }
}
