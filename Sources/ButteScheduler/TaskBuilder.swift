// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteProtocol
import Foundation

/// Turns an app and a placed task into the Mesos TaskInfo sent in a LAUNCH operation.
struct TaskBuilder {
    let app: AppDefinition
    let task: SchedulerTask
    let offer: Offer
    let resources: [Resource]
    let defaultUser: String

    func taskInfo() -> TaskInfo {
        var info = TaskInfo(
            name: app.id.segments.reversed().joined(separator: "."), taskID: TaskID(task.id), agentID: offer.agentID, resources: resources)
        info.command = command()
        info.container = container()
        info.healthCheck = healthCheck()
        if let seconds = app.taskKillGracePeriodSeconds {
            info.killPolicy = KillPolicy(gracePeriod: DurationInfo(seconds: seconds))
        }
        if !app.labels.isEmpty {
            info.labels = Labels(labels: app.labels.keys.sorted().map { Labels.Label(key: $0, value: app.labels[$0]) })
        }
        return info
    }

    /// Marathon's variables, then the app's own (which win).
    func environment() -> [String: String] {
        var variables: [String: String] = [
            "MARATHON_APP_ID": app.id.description,
            "MARATHON_APP_VERSION": app.version.description,
            "MARATHON_APP_RESOURCE_CPUS": JSON.format(number: app.cpus),
            "MARATHON_APP_RESOURCE_MEM": JSON.format(number: app.mem),
            "MARATHON_APP_RESOURCE_DISK": JSON.format(number: app.disk),
            "MARATHON_APP_RESOURCE_GPUS": String(app.gpus),
            "MESOS_TASK_ID": task.id,
            "HOST": offer.hostname,
            "MARATHON_APP_LABELS": app.labels.keys.sorted().joined(separator: " "),
        ]
        if let image = app.container?.docker?.image { variables["MARATHON_APP_DOCKER_IMAGE"] = image }
        for key in app.labels.keys {
            let name = key.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            variables["MARATHON_APP_LABEL_\(name)"] = app.labels[key]
        }
        if !task.ports.isEmpty {
            variables["PORTS"] = task.ports.map(String.init).joined(separator: ",")
            variables["PORT"] = String(task.ports[0])
            for (index, port) in task.ports.enumerated() {
                variables["PORT\(index)"] = String(port)
                if index < task.servicePorts.count { variables["PORT_\(task.servicePorts[index])"] = String(port) }
            }
        }
        for (name, value) in app.env {
            if case .value(let text) = value { variables[name] = text }
        }
        return variables
    }

    func command() -> CommandInfo {
        let variables = environment()
        var command = CommandInfo(
            uris: app.fetch.map {
                CommandInfo.URI(value: $0.uri, executable: $0.executable, extract: $0.extract, cache: $0.cache, outputFile: $0.destPath)
            },
            environment: Environment(variables: variables.keys.sorted().map { Environment.Variable(name: $0, type: .value, value: variables[$0]) }),
            user: app.user ?? defaultUser
        )
        if let cmd = app.cmd {
            command.shell = true
            command.value = cmd
        } else if let args = app.args {
            command.shell = false
            if app.container == nil {
                command.value = args.first
            }
            command.arguments = args
        } else {
            command.shell = false
        }
        return command
    }

    func container() -> ContainerInfo? {
        guard let container = app.container else { return nil }
        let volumes = container.volumes.compactMap { volume -> Volume? in
            guard let hostPath = volume.hostPath else { return nil }
            return Volume(mode: volume.mode == "RO" ? .ro : .rw, containerPath: volume.containerPath, hostPath: hostPath)
        }
        var mappings: [(host: UInt32, container: UInt32, proto: String)] = []
        var hostPortIndex = 0
        for mapping in app.portMappings {
            guard mapping.hostPort != nil, hostPortIndex < task.ports.count else { continue }
            for proto in mapping.protocolName.split(separator: ",") {
                mappings.append((task.ports[hostPortIndex], mapping.containerPort, String(proto)))
            }
            hostPortIndex += 1
        }
        let namedNetworks = app.networks.filter { $0.mode == .container }
        let networkInfos = namedNetworks.map { network in
            NetworkInfo(
                name: network.name,
                portMappings: mappings.map { NetworkInfo.PortMapping(hostPort: $0.host, containerPort: $0.container, protocolName: $0.proto) }
            )
        }
        if container.type == "DOCKER", let docker = container.docker {
            let network: ContainerInfo.DockerInfo.Network =
                app.usesHostNetwork ? .host : app.usesBridgeNetwork ? .bridge : (namedNetworks.first?.name == "none" ? .loopbackOnly : .user)
            let info = ContainerInfo.DockerInfo(
                image: docker.image,
                network: network,
                portMappings: app.usesBridgeNetwork
                    ? mappings.map { ContainerInfo.DockerInfo.PortMapping(hostPort: $0.host, containerPort: $0.container, protocolName: $0.proto) }
                    : [],
                privileged: docker.privileged,
                parameters: docker.parameters.map { Parameter(key: $0.key, value: $0.value) },
                forcePullImage: docker.forcePullImage
            )
            return ContainerInfo(type: .docker, volumes: volumes, docker: info, networkInfos: network == .user ? networkInfos : [])
        }
        var mesos: ContainerInfo.MesosInfo?
        if let docker = container.docker, !docker.image.isEmpty {
            mesos = ContainerInfo.MesosInfo(image: Image(type: .docker, docker: Image.Docker(name: docker.image), cached: !docker.forcePullImage))
        }
        var infos = networkInfos
        if app.usesBridgeNetwork {
            infos = [
                NetworkInfo(
                    name: "mesos-bridge",
                    portMappings: mappings.map { NetworkInfo.PortMapping(hostPort: $0.host, containerPort: $0.container, protocolName: $0.proto) }
                )
            ]
        }
        return ContainerInfo(type: .mesos, volumes: volumes, mesos: mesos, networkInfos: infos)
    }

    /// The first check the agent runs (COMMAND and MESOS_*); scheduler-side checks are not sent.
    func healthCheck() -> HealthCheck? {
        guard let check = app.healthChecks.first(where: { !$0.probedByScheduler }) else { return nil }
        var result = HealthCheck(
            delaySeconds: check.delaySeconds,
            intervalSeconds: check.intervalSeconds,
            timeoutSeconds: check.timeoutSeconds,
            consecutiveFailures: UInt32(check.maxConsecutiveFailures),
            gracePeriodSeconds: check.gracePeriodSeconds
        )
        let port: UInt32 = check.port ?? check.portIndex.flatMap { $0 < task.ports.count ? task.ports[$0] : nil } ?? 0
        switch check.protocolName {
        case "COMMAND":
            result.type = .command
            result.command = CommandInfo(shell: true, value: check.command ?? "true")
        case "MESOS_TCP":
            result.type = .tcp
            result.tcp = HealthCheck.TCPCheck(port: port)
        default:
            result.type = .http
            result.http = HealthCheck.HTTPCheck(scheme: check.protocolName == "MESOS_HTTPS" ? "https" : "http", port: port, path: check.path)
        }
        return result
    }
}
