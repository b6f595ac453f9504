// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteContainerizer
import ButteLinux

#if canImport(Glibc)
    import Glibc
#endif

/// What `butte run` was asked to do, however the command line was read, and the synchronous code that does it:
/// the container runs on the main thread, which waits for it; no task, executor or extra thread is started
/// except the one that forwards signals.
struct RunRequest {
    var rootfs: String?
    var image: String?
    var master: String?
    var cpus: String?
    var mem: String?
    var pids: String?
    var name: String?
    var hostname: String?
    var net = "none"
    var user: String?
    var env: [String] = []
    var workdir = "/"
    var readOnly = false
    var overlay = false
    var userns = false
    var runtimeDir = RuntimeDirectory.defaultRoot
    var command: [String] = []

    /// The request ArgumentParser parsed.
    init(_ parsed: RunCommand) {
        rootfs = parsed.rootfs
        image = parsed.image
        master = parsed.master
        cpus = parsed.cpus
        mem = parsed.mem
        pids = parsed.pids
        name = parsed.name
        hostname = parsed.hostname
        net = parsed.net
        user = parsed.user
        env = parsed.env
        workdir = parsed.workdir
        readOnly = parsed.readOnly
        overlay = parsed.overlay
        userns = parsed.userns
        runtimeDir = parsed.runtimeDir
        command = parsed.command
    }

    /// Reads `butte run OPTIONS -- COMMAND...` without ArgumentParser (whose first use costs milliseconds of
    /// reflection), for command lines whose meaning is certain: each option of ``RunCommand`` in its
    /// `--name value` form at most once (`--env` any number of times), values that are not empty and do not
    /// start with `-`, and a `--` followed by the command. Anything else (help, `--name=value`, unknown or
    /// repeated options, a missing value or command) returns nil, and ArgumentParser reads the line and
    /// words its errors as always.
    ///
    /// - Parameter arguments: the whole command line, the executable's name first.
    init?(fastPathArguments arguments: [String]) {
        guard arguments.count >= 4, arguments[1] == "run" else { return nil }
        var seen: Set<String> = []
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                command = Array(arguments[(index + 1)...])
                if command.isEmpty { return nil }
                return
            }
            if argument == "--read-only" || argument == "--overlay" || argument == "--userns" {
                guard seen.insert(argument).inserted else { return nil }
                switch argument {
                case "--read-only": readOnly = true
                case "--overlay": overlay = true
                default: userns = true
                }
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { return nil }
            let value = arguments[index + 1]
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            if argument == "--env" {
                env.append(value)
                index += 2
                continue
            }
            guard seen.insert(argument).inserted else { return nil }
            switch argument {
            case "--rootfs": rootfs = value
            case "--image": image = value
            case "--master": master = value
            case "--cpus": cpus = value
            case "--mem": mem = value
            case "--pids": pids = value
            case "--name": name = value
            case "--hostname": hostname = value
            case "--net": net = value
            case "--user": user = value
            case "--workdir": workdir = value
            case "--runtime-dir": runtimeDir = value
            default: return nil
            }
            index += 2
        }
        return nil
    }

    /// Runs the container and exits with its status, or prints why it could not and exits with docker's status.
    func execute() -> Never {
        do throws(RunCommand.Failure) {
            let status = try runContainer()
            exit(status)
        } catch {
            printError("butte: \(error.sentence)")
            exit(error.status)
        }
    }

    private func runContainer() throws(RunCommand.Failure) -> Int32 {
        typealias Failure = RunCommand.Failure
        if master != nil {
            throw Failure(sentence: "butte run --master is not supported by this build of Butte yet; run the container here with --rootfs DIR.")
        }
        if image != nil { throw Failure(sentence: "butte run --image is not supported by this build of Butte yet; use --rootfs DIR.") }
        guard let rootfs else { throw Failure(sentence: "butte run needs --rootfs DIR (or --image REF) to know what to run.") }
        guard !command.isEmpty else { throw Failure(sentence: "butte run needs a command after '--', e.g. butte run --rootfs DIR -- /bin/sh.") }
        let limits = try RunLimits(cpus: cpus, mem: mem, pids: pids)
        guard geteuid() == 0 else {
            throw Failure(sentence: "butte run needs root: it creates namespaces, mounts and cgroups (run it with sudo).")
        }

        let id = try name.map { (n) throws(Failure) in try RunCommand.checkName(n) } ?? RunCommand.randomID()
        var spec = ContainerSpec(id: id, rootfs: overlay ? .overlay(lower: [rootfs]) : .directory(rootfs), command: command)
        spec.readOnlyRootfs = readOnly
        spec.hostname = hostname ?? String(id.prefix(12))
        spec.workingDirectory = workdir
        spec.environment = try environment()
        spec.killWithLauncher = true
        switch net {
        case "none": spec.network = .none
        case "host": spec.network = .host
        default: throw Failure(sentence: "--net '\(net)' is not a network mode: use 'none' or 'host'.")
        }
        if let user { spec.user = try RunCommand.parseUser(user) }
        if userns { spec.userNamespace = .range(hostBase: RunCommand.usernsHostBase) }

        // Signals that arrive from here on go to the container once it runs (queued until then).
        let relay: SignalRelay
        do {
            relay = try SignalRelay(signals: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH])
        } catch {
            throw Failure(sentence: "cannot set up signal forwarding: \(error).")
        }

        let launcher = Launcher(runtime: RuntimeDirectory(root: runtimeDir))
        do {
            try launcher.validate(spec)
            try launcher.runtime.sweep { RunLimits.cleanUpStale(containerDirectory: $0) }
        } catch {
            throw Failure(sentence: "\(error.message).")
        }
        let cgroup = try limits.prepare(id: id)
        if let warning = cgroup.warning { printError("butte: \(warning)") }
        spec.cgroupDescriptor = cgroup.descriptor

        var forwardingFailure: Failure?
        let exit: ContainerExit
        do {
            exit = try launcher.runInForeground(spec, records: cgroup.records) { container in
                cgroup.closeDescriptor()
                do {
                    try DedicatedThread.start {
                        while true {
                            let signal = relay.next()
                            try? container.signal(signal)
                        }
                    }
                } catch {
                    try? container.signal(SIGKILL)
                    forwardingFailure = Failure(sentence: "cannot start the signal forwarding thread: \(error).")
                }
            } onExit: { exit in
                cgroup.finish(&exit)
            }
        } catch {
            cgroup.abandon()
            throw Failure(sentence: error.message + ".", status: RunCommand.status(for: error))
        }
        if let forwardingFailure { throw forwardingFailure }
        if exit.outOfMemory {
            printError("butte: the container ran out of memory\(limits.memoryDescription) and was killed by the kernel's OOM killer.")
        }
        return exit.status
    }

    private func environment() throws(RunCommand.Failure) -> [String] {
        var result: [String] = []
        for entry in env {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
                throw RunCommand.Failure(sentence: "--env '\(entry)' is not NAME=VALUE.")
            }
            result.append(entry)
        }
        return result
    }
}
