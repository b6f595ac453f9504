// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension AppDefinition {
    /// The app definition as Marathon writes it, with `version` and `versionInfo`, and only keys that
    /// marathon-python 0.13.0 accepts; optional keys the user did not set are left out.
    public func json() -> JSON {
        var object: [String: JSON] = [
            "id": .string(id.description),
            "instances": .int(instances),
            "cpus": .number(cpus),
            "mem": .number(mem),
            "disk": .number(disk),
            "gpus": .int(gpus),
            "executor": .string(executor),
            "constraints": .array(constraints.map(\.json)),
            "fetch": .array(fetch.map(Self.json(fetch:))),
            "storeUrls": .strings(storeUrls),
            "backoffSeconds": .number(backoffSeconds),
            "backoffFactor": .number(backoffFactor),
            "maxLaunchDelaySeconds": .number(maxLaunchDelaySeconds),
            "healthChecks": .array(healthChecks.map(Self.json(healthCheck:))),
            "readinessChecks": .array(readinessChecks),
            "dependencies": .strings(dependencies.map(\.description)),
            "upgradeStrategy": .object([
                "minimumHealthCapacity": .number(upgradeStrategy.minimumHealthCapacity),
                "maximumOverCapacity": .number(upgradeStrategy.maximumOverCapacity),
            ]),
            "labels": .stringMap(labels),
            "networks": .array(networks.map(Self.json(network:))),
            "killSelection": .string(killSelection),
            "unreachableStrategy": unreachableStrategy,
            "requirePorts": .bool(requirePorts),
            "env": .object(
                env.mapValues { value in
                    switch value {
                    case .value(let text): return .string(text)
                    case .secret(let name): return .object(["secret": .string(name)])
                    }
                }),
            "version": .string(version.description),
            "versionInfo": .object([
                "lastScalingAt": .string(lastScalingAt.description),
                "lastConfigChangeAt": .string(lastConfigChangeAt.description),
            ]),
        ]
        if let cmd { object["cmd"] = .string(cmd) }
        if let args { object["args"] = .strings(args) }
        if let user { object["user"] = .string(user) }
        if usesHostNetwork { object["portDefinitions"] = .array(portDefinitions.map(Self.json(portDefinition:))) }
        if let container { object["container"] = json(container: container) }
        if let acceptedResourceRoles { object["acceptedResourceRoles"] = .strings(acceptedResourceRoles) }
        if let role { object["role"] = .string(role) }
        if let taskKillGracePeriodSeconds { object["taskKillGracePeriodSeconds"] = .number(taskKillGracePeriodSeconds) }
        if !secrets.isEmpty { object["secrets"] = .object(secrets) }
        if let residency { object["residency"] = residency }
        return .object(object)
    }

    /// Parses an app written by ``json()``, keeping its version fields (used by the store).
    public static func restore(_ json: JSON) throws(APIError) -> AppDefinition {
        var app = try parse(json, options: AppParseOptions(allowPrivileged: true))
        if let version = json["version"]?.stringValue.flatMap(Timestamp.parse) { app.version = version }
        if let info = json["versionInfo"] {
            if let value = info["lastScalingAt"]?.stringValue.flatMap(Timestamp.parse) { app.lastScalingAt = value }
            if let value = info["lastConfigChangeAt"]?.stringValue.flatMap(Timestamp.parse) { app.lastConfigChangeAt = value }
        }
        return app
    }

    private static func json(fetch: FetchURI) -> JSON {
        var object: [String: JSON] = [
            "uri": .string(fetch.uri), "extract": .bool(fetch.extract), "executable": .bool(fetch.executable), "cache": .bool(fetch.cache),
        ]
        if let destPath = fetch.destPath { object["destPath"] = .string(destPath) }
        return .object(object)
    }

    private static func json(portDefinition: PortDefinition) -> JSON {
        var object: [String: JSON] = [
            "port": .int(Int(portDefinition.port)), "protocol": .string(portDefinition.protocolName), "labels": .stringMap(portDefinition.labels),
        ]
        if let name = portDefinition.name { object["name"] = .string(name) }
        return .object(object)
    }

    private static func json(portMapping: PortMapping) -> JSON {
        var object: [String: JSON] = [
            "containerPort": .int(Int(portMapping.containerPort)), "servicePort": .int(Int(portMapping.servicePort)),
            "protocol": .string(portMapping.protocolName), "labels": .stringMap(portMapping.labels),
        ]
        if let hostPort = portMapping.hostPort { object["hostPort"] = .int(Int(hostPort)) }
        if let name = portMapping.name { object["name"] = .string(name) }
        if !portMapping.networkNames.isEmpty { object["networkNames"] = .strings(portMapping.networkNames) }
        return .object(object)
    }

    private static func json(network: AppNetwork) -> JSON {
        var object: [String: JSON] = ["mode": .string(network.mode.rawValue)]
        if let name = network.name { object["name"] = .string(name) }
        if !network.labels.isEmpty { object["labels"] = .stringMap(network.labels) }
        return .object(object)
    }

    private func json(container: AppContainer) -> JSON {
        var object: [String: JSON] = [
            "type": .string(container.type),
            "volumes": .array(
                container.volumes.map { volume in
                    var members: [String: JSON] = ["containerPath": .string(volume.containerPath), "mode": .string(volume.mode)]
                    if let hostPath = volume.hostPath { members["hostPath"] = .string(hostPath) }
                    if let persistent = volume.persistent { members["persistent"] = persistent }
                    if let external = volume.external { members["external"] = external }
                    return .object(members)
                }),
        ]
        if !usesHostNetwork { object["portMappings"] = .array(container.portMappings.map(Self.json(portMapping:))) }
        if let docker = container.docker {
            object["docker"] = .object([
                "image": .string(docker.image),
                "forcePullImage": .bool(docker.forcePullImage),
                "privileged": .bool(docker.privileged),
                "parameters": .array(docker.parameters.map { .object(["key": .string($0.key), "value": .string($0.value)]) }),
            ])
        }
        return .object(object)
    }

    static func json(healthCheck: AppHealthCheck) -> JSON {
        var object: [String: JSON] = [
            "protocol": .string(healthCheck.protocolName),
            "gracePeriodSeconds": .number(healthCheck.gracePeriodSeconds),
            "intervalSeconds": .number(healthCheck.intervalSeconds),
            "timeoutSeconds": .number(healthCheck.timeoutSeconds),
            "maxConsecutiveFailures": .int(healthCheck.maxConsecutiveFailures),
            "delaySeconds": .number(healthCheck.delaySeconds),
        ]
        if let path = healthCheck.path { object["path"] = .string(path) }
        if let portIndex = healthCheck.portIndex { object["portIndex"] = .int(portIndex) }
        if let port = healthCheck.port { object["port"] = .int(Int(port)) }
        if let command = healthCheck.command { object["command"] = .object(["value": .string(command)]) }
        if healthCheck.protocolName.contains("HTTP") { object["ignoreHttp1xx"] = .bool(healthCheck.ignoreHttp1xx) }
        if let ipProtocol = healthCheck.ipProtocol { object["ipProtocol"] = .string(ipProtocol) }
        return .object(object)
    }
}
