// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteContainerizer
import ButteOCI
import ButteProtocol

/// Turns a command task into a container: the command line, environment, working directory, user, root
/// filesystem and sandbox mount, as the Mesos containerizer's command executor would run it.
enum TaskSpecBuilder {
    /// What a task needs besides the spec to run.
    struct Inputs {
        var task: TaskInfo
        var frameworkID: FrameworkID
        var executorID: ExecutorID
        var agentID: AgentID
        var containerID: String
        /// The sandbox on the host.
        var sandbox: String
        /// `ip:port` of the agent.
        var agentEndpoint: String
        var configuration: AgentConfiguration
        /// The task's image config and overlay layers (top first), when it has an image.
        var image: (config: ImageConfig, layers: [String])?
    }

    /// The image a task asks for: `docker.image` of a DOCKER container or `mesos.image.docker.name` of a MESOS one.
    static func imageName(of task: TaskInfo) -> String? {
        guard let container = task.container else { return nil }
        if container.type == .docker { return container.docker?.image }
        if container.type == .mesos, let image = container.mesos?.image, image.type == .docker { return image.docker?.name }
        return nil
    }

    /// Builds the spec.
    /// - Throws: ``AgentError`` naming what is missing or malformed.
    static func spec(_ inputs: Inputs) throws(AgentError) -> ContainerSpec {
        let task = inputs.task
        let command = task.command ?? CommandInfo()
        let process = inputs.image?.config.config
        let argv: [String]
        if command.runsInShell {
            guard let value = command.value, !value.isEmpty else {
                throw AgentError("task '\(task.taskID.value)' has a shell command without 'command.value'")
            }
            argv = ["/bin/sh", "-c", value]
        } else if let value = command.value, !value.isEmpty {
            argv = [value] + command.arguments.dropFirst()
        } else if inputs.image != nil {
            let entrypoint = process?.entrypoint ?? []
            let rest = command.arguments.isEmpty ? (process?.cmd ?? []) : command.arguments
            argv = entrypoint + rest
        } else {
            throw AgentError("task '\(task.taskID.value)' has neither 'command.value' nor an image with an entrypoint")
        }
        guard !argv.isEmpty else {
            throw AgentError("task '\(task.taskID.value)': its image defines no Entrypoint or Cmd and the task gives no command")
        }

        let sandboxInside = inputs.image == nil ? inputs.sandbox : inputs.configuration.sandboxDirectory
        var spec: ContainerSpec
        if let image = inputs.image {
            spec = ContainerSpec(id: inputs.containerID, rootfs: .overlay(lower: image.layers), command: argv)
            spec.mounts = [.init(source: inputs.sandbox, destination: sandboxInside)]
            spec.workingDirectory = (process?.workingDir).flatMap { $0.isEmpty ? nil : $0 } ?? sandboxInside
        } else {
            spec = ContainerSpec(id: inputs.containerID, rootfs: .directory("/"), command: argv)
            spec.readOnlyRootfs = true
            spec.mounts = [.init(source: inputs.sandbox, destination: inputs.sandbox)]
            spec.workingDirectory = inputs.sandbox
        }
        spec.network = .host
        spec.hostname = nil

        var environment: [(String, String)] = []
        for entry in process?.env ?? [] {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            environment.append((String(entry[..<eq]), String(entry[entry.index(after: eq)...])))
        }
        if !environment.contains(where: { $0.0 == "PATH" }) { environment.append(("PATH", ContainerSpec.defaultPath)) }
        for (name, value) in inputs.configuration.executorEnvironment.sorted(by: { $0.key < $1.key }) { environment.append((name, value)) }
        environment += [
            ("MESOS_SANDBOX", sandboxInside),
            ("MESOS_DIRECTORY", inputs.sandbox),
            ("MESOS_TASK_ID", task.taskID.value),
            ("MESOS_FRAMEWORK_ID", inputs.frameworkID.value),
            ("MESOS_EXECUTOR_ID", inputs.executorID.value),
            ("MESOS_AGENT_ENDPOINT", inputs.agentEndpoint),
            ("MESOS_SLAVE_ID", inputs.agentID.value),
            ("MESOS_SLAVE_PID", "slave(1)@" + inputs.agentEndpoint),
            ("MESOS_CONTAINER_ID", inputs.containerID),
        ]
        for variable in command.environment?.variables ?? [] {
            guard variable.type == nil || variable.type == .value else {
                throw AgentError(
                    "task '\(task.taskID.value)': environment variable '\(variable.name)' is a secret, which this agent does not resolve")
            }
            environment.append((variable.name, variable.value ?? ""))
        }
        var seen: Set<String> = []
        var merged: [String] = []
        for (name, value) in environment.reversed() where seen.insert(name).inserted { merged.append("\(name)=\(value)") }
        spec.environment = merged.reversed()

        if let user = process?.user, !user.isEmpty {
            spec.user = try parseUser(user, taskID: task.taskID.value)
        }
        return spec
    }

    /// A numeric `uid[:gid]` (or `root`) from an image's `User`.
    static func parseUser(_ text: String, taskID: String) throws(AgentError) -> ContainerSpec.User {
        if text == "root" || text == "0" { return .root }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let uid = UInt32(parts[0]) else {
            throw AgentError("task '\(taskID)': the image's user '\(text)' is a name; this agent runs images with numeric users only")
        }
        var gid: UInt32 = 0
        if parts.count == 2 {
            guard let g = UInt32(parts[1]) else { throw AgentError("task '\(taskID)': the image's group in '\(text)' is not numeric") }
            gid = g
        }
        return ContainerSpec.User(uid: uid, gid: gid)
    }
}
