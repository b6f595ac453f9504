// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteCore
import Foundation
import Testing

/// Specs shaped like the agent's.
let agentSpecs: [FlagSpec] = [
    .value("master", required: true, help: "Where to find the master."),
    .value("work_dir", required: true, isPath: true, help: "Work directory."),
    .value("port", default: "5051", help: "Port to listen on."),
    .value("resources", help: "Total resources."),
    .value("attributes", help: "Attributes of the agent."),
    .value("containerizers", default: "mesos", help: "Containerizers."),
    .value("executor_registration_timeout", default: "1mins", help: "Executor registration timeout."),
    .value("credential", help: "Credential."),
    .boolean("strict", default: true, help: "Fail on recovery errors."),
    .boolean("switch_user", default: true, help: "Run tasks as their user."),
    .boolean("hostname_lookup", default: false, help: "Look up the hostname."),
]

@Suite struct FlagLoaderTests {
    private let required = ["--master=m:5050", "--work_dir=/var/lib/butte"]

    private func load(
        _ arguments: [String], environment: [String: String] = [:], directories: [String] = [], zkFile: String? = nil,
        specs: [FlagSpec] = agentSpecs
    ) throws(CoreError) -> LoadedFlags {
        try FlagLoader(specs: specs, configDirectories: directories, zkFile: zkFile).load(arguments: arguments, environment: environment)
    }

    @Test("command line values, booleans and defaults")
    func commandLine() throws {
        let flags = try load(required + ["--port=6000", "--no-strict", "--hostname_lookup", "--switch_user=0", "extra", "--", "--not-a-flag"])
        #expect(flags.string("master") == "m:5050")
        #expect(try flags.port("port") == 6000)
        #expect(try flags.bool("strict") == false)
        #expect(try flags.bool("hostname_lookup") == true)
        #expect(try flags.bool("switch_user") == false)
        #expect(flags.string("containerizers") == "mesos")
        #expect(flags.value("containerizers")?.source == .defaultValue)
        #expect(flags.value("port")?.source == .commandLine)
        #expect(flags.isSet("port") && !flags.isSet("containerizers") && !flags.isSet("resources"))
        #expect(flags.string("resources") == nil)
        #expect(flags.positionalArguments == ["extra", "--not-a-flag"])
        #expect(!flags.helpRequested)
    }

    @Test("names are case-insensitive and empty boolean values mean true, as in stout")
    func stoutDetails() throws {
        let flags = try load(required + ["--PORT=7000", "--strict=", "--Hostname_Lookup=1"])
        #expect(try flags.port("port") == 7000)
        #expect(try flags.bool("strict"))
        #expect(try flags.bool("hostname_lookup"))
        #expect(try load(required + ["--no-strict="]).bool("strict") == false)
    }

    @Test("command line beats environment beats config directories beats the zk file beats defaults")
    func precedence() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("agent/port", "7001\n")
        try dir.write("agent/containerizers", "docker,mesos")
        try dir.write("slave/port", "7002")
        try dir.write("slave/containerizers", "ignored")
        try dir.write("slave/credential", "from-slave")
        try dir.write("slave/master", "from-slave-dir:5050")
        let zk = try dir.write("zk", "zk://h1:2181,h2:2181/mesos\n")
        let directories = [dir.path + "/agent", dir.path + "/slave/"]
        let environment = ["MESOS_PORT": "7003", "MESOS_CREDENTIAL": "from-env", "MESOS_UNKNOWN_THING": "x", "OTHER_PORT": "1"]

        var flags = try load(["--port=7004", "--work_dir=/w"], environment: environment, directories: directories, zkFile: zk)
        #expect(try flags.port("port") == 7004)
        #expect(flags.value("credential") == FlagValue(name: "credential", value: "from-env", source: .environment(variable: "MESOS_CREDENTIAL")))
        #expect(flags.string("containerizers") == "docker,mesos")
        #expect(flags.value("containerizers")?.source == .configFile(path: dir.path + "/agent/containerizers"))
        #expect(flags.string("master") == "from-slave-dir:5050")

        flags = try load(["--work_dir=/w"], environment: environment, directories: directories, zkFile: zk)
        #expect(try flags.port("port") == 7003)

        flags = try load(["--work_dir=/w"], directories: directories, zkFile: zk)
        #expect(try flags.port("port") == 7001)
        #expect(flags.value("port")?.source == .configFile(path: dir.path + "/agent/port"))
        #expect(flags.string("credential") == "from-slave")

        try FileManager.default.removeItem(atPath: dir.path + "/slave/master")
        flags = try load(["--work_dir=/w"], directories: directories, zkFile: zk)
        #expect(flags.value("master") == FlagValue(name: "master", value: "zk://h1:2181,h2:2181/mesos", source: .zkFile(path: zk)))

        flags = try load(["--work_dir=/w", "--master=cli:5050"], directories: directories, zkFile: zk)
        #expect(flags.string("master") == "cli:5050")
    }

    @Test("the zk file feeds --zk for masters")
    func zkForMasters() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let zk = try dir.write("zk", "zk://localhost:2181/mesos")
        let specs: [FlagSpec] = [.value("zk", help: "ZooKeeper URL."), .value("port", default: "5050", help: "Port.")]
        let flags = try load([], zkFile: zk, specs: specs)
        #expect(flags.string("zk") == "zk://localhost:2181/mesos")
        #expect(try load([], zkFile: dir.path + "/missing", specs: specs).string("zk") == nil)
    }

    @Test("?flag and ?no-flag files set booleans; empty and hidden files are handled")
    func questionMarkFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("etc/?no-strict", "")
        try dir.write("etc/?hostname_lookup", "")
        try dir.write("etc/switch_user", "false\n")
        try dir.write("etc/.port.swp", "garbage")
        try dir.write("etc/?no-such-flag", "")
        try dir.write("etc/bogus", "1")
        let flags = try load(required, directories: [dir.path + "/etc"])
        #expect(try flags.bool("strict") == false)
        #expect(try flags.bool("hostname_lookup") == true)
        #expect(try flags.bool("switch_user") == false)
        #expect(flags.value("strict")?.source == .configFile(path: dir.path + "/etc/?no-strict"))
        #expect(try flags.port("port") == 5051)
        #expect(flags.ignoredConfigEntries == [dir.path + "/etc/?no-such-flag", dir.path + "/etc/bogus"])
    }

    @Test("?flag files for value flags are an error naming the file")
    func questionMarkOnValueFlag() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("etc/?port", "")
        #expect(throws: CoreError(.invalidFlag, "Flag '--port' is not a boolean, so file \(path) is not allowed.")) {
            try load(required, directories: [dir.path + "/etc"])
        }
    }

    @Test("attributes/ and resources/ subdirectories join into key:value lists")
    func subdirectories() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("etc/attributes/rack", "r1\n")
        try dir.write("etc/attributes/level", "3")
        try dir.write("etc/resources/cpus", "4")
        try dir.write("etc/resources/ports", "[31000-32000]")
        try dir.write("etc/resources/.hidden", "x")
        let flags = try load(required, directories: [dir.path + "/etc"])
        #expect(flags.string("attributes") == "level:3;rack:r1")
        #expect(flags.string("resources") == "cpus:4;ports:[31000-32000]")
        #expect(try flags.resources("resources") == (try Resources.parse("cpus:4;ports:[31000-32000]")))
        #expect(try flags.attributes("attributes")?.count == 2)
        #expect(flags.value("resources")?.source == .configFile(path: dir.path + "/etc/resources"))
    }

    @Test("file:// values are read, except for path flags")
    func fileValues() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let resources = try dir.write("resources.json", #"[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}]"# + "\n")
        let port = try dir.write("port", "6001\n")
        let flags = try load(
            ["--master=m", "--work_dir=file://\(dir.path)/w", "--resources=file://\(resources)"], environment: ["MESOS_PORT": "file://\(port)"])
        #expect(flags.string("work_dir") == "file://\(dir.path)/w")
        #expect(try flags.resources("resources")?.cpus == 2)
        #expect(try flags.port("port") == 6001)
        #expect(flags.value("port")?.given == "file://\(port)")
        #expect(flags.value("port")?.origin == "from environment variable MESOS_PORT, read from \(port)")
    }

    @Test("an unreadable file:// value names the file, the flag and the source")
    func unreadableFile() {
        #expect(
            throws: CoreError(
                .unreadableFile, "Cannot read file '/nonexistent/x' for flag '--credential' (from command line): No such file or directory.")
        ) {
            try load(required + ["--credential=file:///nonexistent/x"])
        }
    }

    @Test(
        "command-line misuse is fatal with one clear sentence",
        arguments: [
            (["--prot=5051"], CoreError(.unknownFlag, "Unknown flag '--prot'.")),
            (["--no-such"], CoreError(.unknownFlag, "Unknown flag '--no-such'.")),
            (["--work-dir=/x"], CoreError(.unknownFlag, "Unknown flag '--work-dir'; did you mean '--work_dir'?")),
            (["--port"], CoreError(.invalidFlag, "Missing value for flag '--port' (from command line): write --port=VALUE.")),
            (["--no-port"], CoreError(.invalidFlag, "Flag '--port' is not a boolean, so '--no-port' is not allowed.")),
            (["--no-strict=false"], CoreError(.invalidFlag, "Invalid use of '--no-strict=false': a negated boolean flag takes no value.")),
            (["--port=1", "--port=2"], CoreError(.invalidFlag, "Flag '--port' is given more than once on the command line.")),
            (["--strict", "--no-strict"], CoreError(.invalidFlag, "Flag '--strict' is given more than once on the command line.")),
            (
                ["--strict=yes"],
                CoreError(.invalidFlagValue, "Invalid value 'yes' for flag '--strict' (from command line): expected true, false, 1 or 0.")
            ),
        ])
    func commandLineErrors(arguments: [String], error: CoreError) {
        #expect(throws: error) { try load(required + arguments) }
    }

    @Test("bad booleans from the environment and config files name their source")
    func badBooleanSources() throws {
        #expect(
            throws: CoreError(
                .invalidFlagValue, "Invalid value 'on' for flag '--strict' (from environment variable MESOS_STRICT): expected true, false, 1 or 0.")
        ) {
            try load(required, environment: ["MESOS_STRICT": "on"])
        }
        #expect(try load(required, environment: ["MESOS_STRICT": ""]).bool("strict"))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("etc/strict", "maybe")
        #expect(
            throws: CoreError(.invalidFlagValue, "Invalid value 'maybe' for flag '--strict' (from file \(path)): expected true, false, 1 or 0.")
        ) {
            try load(required, directories: [dir.path + "/etc"])
        }
    }

    @Test("a missing required flag is an error unless --help is asked for")
    func requiredFlags() throws {
        #expect(throws: CoreError(.missingFlag, "Missing required flag '--master': give --master=VALUE or set MESOS_MASTER.")) {
            try load(["--work_dir=/w"])
        }
        #expect(try load(["--master=m"], environment: ["MESOS_WORK_DIR": "/w"]).string("work_dir") == "/w")
        let help = try load(["--help"])
        #expect(help.helpRequested)
        #expect(help.string("master") == nil)
    }

    @Test("lower-case environment names work too, as in stout")
    func lowerCaseEnvironment() throws {
        #expect(try load(required, environment: ["MESOS_port": "5999"]).port("port") == 5999)
    }
}
