// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Options of app parsing that come from the scheduler's configuration.
public struct AppParseOptions: Sendable {
    /// Whether `container.docker.privileged` may be true.
    public var allowPrivileged: Bool
    /// Group against which relative ids resolve.
    public var base: PathID

    /// Options.
    public init(allowPrivileged: Bool = false, base: PathID = .root) {
        self.allowPrivileged = allowPrivileged
        self.base = base
    }
}

extension AppDefinition {
    /// Keys of the app object that describe the app (everything else in a request body is read-only or unknown).
    static let definitionKeys: Set<String> = [
        "id", "cmd", "args", "user", "env", "instances", "cpus", "mem", "disk", "gpus", "executor", "constraints", "uris",
        "fetch", "storeUrls", "ports", "portDefinitions", "requirePorts", "backoffSeconds", "backoffFactor",
        "maxLaunchDelaySeconds", "container", "healthChecks", "readinessChecks", "dependencies", "upgradeStrategy", "labels",
        "acceptedResourceRoles", "role", "networks", "killSelection", "unreachableStrategy", "taskKillGracePeriodSeconds",
        "secrets", "residency", "ipAddress",
    ]

    /// Builds and validates an app from request JSON; unknown and read-only keys are ignored.
    /// - Throws: ``APIError`` 422 with Marathon's body listing every invalid path.
    public static func parse(_ json: JSON, options: AppParseOptions = AppParseOptions()) throws(APIError) -> AppDefinition {
        let reader = FieldReader()
        guard let body = reader.object(json, "/") else {
            if json.isNull { reader.typeErrors.append(("/", "error.expected.jsobject")) }
            throw reader.failure!
        }
        var app = AppDefinition(id: .root)
        if let text = reader.string(body["id"], "/id") {
            do {
                app.id = try PathID(text, base: options.base)
                if app.id.isRoot { reader.invalid("/id", "must not be the root group") }
            } catch {
                reader.invalid("/id", error.description)
            }
        } else if body["id"] == nil || body["id"]!.isNull {
            reader.typeErrors.append(("/id", "error.path.missing"))
        }
        app.cmd = reader.string(body["cmd"], "/cmd")
        app.args = reader.strings(body["args"], "/args")
        app.user = reader.string(body["user"], "/user")
        if let env = reader.object(body["env"], "/env") {
            for (name, value) in env {
                if let text = value.stringValue {
                    app.env[name] = .value(text)
                } else if let secret = value["secret"]?.stringValue {
                    app.env[name] = .secret(secret)
                } else if let number = value.numberValue {
                    app.env[name] = .value(JSON.format(number: number))
                } else {
                    reader.typeErrors.append(("/env/\(name)", "error.expected.jsstring"))
                }
            }
        }
        if let instances = reader.int(body["instances"], "/instances") {
            if instances < 0 { reader.invalid("/instances", "got \(instances), expected 0 or more") } else { app.instances = instances }
        }
        if let cpus = reader.number(body["cpus"], "/cpus", atLeast: 0.001) { app.cpus = cpus }
        if let mem = reader.number(body["mem"], "/mem", atLeast: 0) { app.mem = mem }
        if let disk = reader.number(body["disk"], "/disk", atLeast: 0) { app.disk = disk }
        if let gpus = reader.int(body["gpus"], "/gpus") {
            if gpus < 0 { reader.invalid("/gpus", "got \(gpus), expected 0 or more") } else { app.gpus = gpus }
        }
        if let executor = reader.string(body["executor"], "/executor") { app.executor = executor }
        parseConstraints(body["constraints"], into: &app, reader)
        parseFetch(body, into: &app, reader)
        if let urls = reader.strings(body["storeUrls"], "/storeUrls") { app.storeUrls = urls }
        if let requirePorts = reader.bool(body["requirePorts"], "/requirePorts") { app.requirePorts = requirePorts }
        if let seconds = reader.number(body["backoffSeconds"], "/backoffSeconds", atLeast: 0) { app.backoffSeconds = seconds }
        if let factor = reader.number(body["backoffFactor"], "/backoffFactor", atLeast: 1) { app.backoffFactor = factor }
        if let seconds = reader.number(body["maxLaunchDelaySeconds"], "/maxLaunchDelaySeconds", atLeast: 0) {
            app.maxLaunchDelaySeconds = seconds
        }
        parseContainerAndNetworks(body, into: &app, reader, options: options)
        parsePorts(body, into: &app, reader)
        parseHealthChecks(body["healthChecks"], into: &app, reader)
        if let checks = reader.array(body["readinessChecks"], "/readinessChecks") { app.readinessChecks = checks }
        if let dependencies = reader.strings(body["dependencies"], "/dependencies") {
            for (index, text) in dependencies.enumerated() {
                do {
                    app.dependencies.append(try PathID(text, base: app.id.parent))
                } catch {
                    reader.invalid("/dependencies(\(index))", error.description)
                }
            }
        }
        if let strategy = reader.object(body["upgradeStrategy"], "/upgradeStrategy") {
            for key in ["minimumHealthCapacity", "maximumOverCapacity"] {
                guard let value = reader.number(strategy[key], "/upgradeStrategy/\(key)") else { continue }
                if value > 1 {
                    reader.invalid("/upgradeStrategy/\(key)", "is greater than 1")
                } else if value < 0 {
                    reader.invalid("/upgradeStrategy/\(key)", "is less than 0")
                } else if key == "minimumHealthCapacity" {
                    app.upgradeStrategy.minimumHealthCapacity = value
                } else {
                    app.upgradeStrategy.maximumOverCapacity = value
                }
            }
        }
        if let labels = reader.stringMap(body["labels"], "/labels") { app.labels = labels }
        app.acceptedResourceRoles = reader.strings(body["acceptedResourceRoles"], "/acceptedResourceRoles")
        app.role = reader.string(body["role"], "/role")
        if let selection = reader.string(body["killSelection"], "/killSelection") {
            if selection == "YOUNGEST_FIRST" || selection == "OLDEST_FIRST" {
                app.killSelection = selection
            } else {
                reader.invalid("/killSelection", "is not one of (YOUNGEST_FIRST,OLDEST_FIRST)")
            }
        }
        if let strategy = body["unreachableStrategy"], !strategy.isNull {
            if strategy.stringValue == "disabled" {
                app.unreachableStrategy = strategy
            } else if let members = reader.object(strategy, "/unreachableStrategy") {
                let inactive = reader.number(members["inactiveAfterSeconds"], "/unreachableStrategy/inactiveAfterSeconds", atLeast: 0) ?? 0
                let expunge = reader.number(members["expungeAfterSeconds"], "/unreachableStrategy/expungeAfterSeconds", atLeast: 0) ?? 0
                app.unreachableStrategy = .object(["inactiveAfterSeconds": .number(inactive), "expungeAfterSeconds": .number(expunge)])
            }
        }
        app.taskKillGracePeriodSeconds = reader.number(body["taskKillGracePeriodSeconds"], "/taskKillGracePeriodSeconds", atLeast: 0)
        if let secrets = reader.object(body["secrets"], "/secrets") { app.secrets = secrets }
        if let residency = body["residency"], !residency.isNull { app.residency = residency }

        let hasCommand = app.cmd != nil || app.args != nil
        if (app.cmd != nil && app.args != nil) || (!hasCommand && app.container == nil) {
            reader.invalid("/", "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.")
        }
        for (name, value) in app.env {
            if case .secret(let secret) = value, app.secrets[secret] == nil {
                reader.invalid("/env/\(name)", "references an undefined secret named '\(secret)'")
            }
        }
        if let failure = reader.failure { throw failure }
        return app
    }

    private static func parseConstraints(_ value: JSON?, into app: inout AppDefinition, _ reader: FieldReader) {
        guard let items = reader.array(value, "/constraints") else { return }
        for (index, item) in items.enumerated() {
            let path = "/constraints(\(index))"
            guard let parts = reader.strings(item, path) else { continue }
            guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty else {
                reader.invalid(path, "Each constraint must have either 2 or 3 fields")
                continue
            }
            guard let op = Constraint.Operator(rawValue: parts[1].uppercased()) else {
                reader.invalid(
                    path,
                    "Constraint operator must be one of the following: [\(Constraint.Operator.allCases.map(\.rawValue).joined(separator: ", "))]")
                continue
            }
            let constraint = Constraint(field: parts[0], op: op, value: parts.count == 3 ? parts[2] : nil)
            if let problem = constraint.problem() {
                reader.invalid(path, problem)
            } else {
                app.constraints.append(constraint)
            }
        }
    }

    private static func parseFetch(_ body: [String: JSON], into app: inout AppDefinition, _ reader: FieldReader) {
        let uris = reader.strings(body["uris"], "/uris")
        let fetch = reader.array(body["fetch"], "/fetch")
        if let uris, !uris.isEmpty, let fetch, !fetch.isEmpty {
            reader.invalid("/", "AppDefinition must not contain both 'uris' and 'fetch'.")
            return
        }
        for uri in uris ?? [] {
            var item = FetchURI(uri: uri)
            let lower = uri.lowercased()
            item.extract = [".tgz", ".tar.gz", ".tbz2", ".tar.bz2", ".txz", ".tar.xz", ".zip"].contains { lower.hasSuffix($0) }
            app.fetch.append(item)
        }
        for (index, entry) in (fetch ?? []).enumerated() {
            let path = "/fetch(\(index))"
            guard let members = reader.object(entry, path) else { continue }
            guard let uri = reader.string(members["uri"], "\(path)/uri"), !uri.isEmpty else {
                reader.invalid("\(path)/uri", "must not be empty")
                continue
            }
            var item = FetchURI(uri: uri)
            if let flag = reader.bool(members["extract"], "\(path)/extract") { item.extract = flag }
            if let flag = reader.bool(members["executable"], "\(path)/executable") { item.executable = flag }
            if let flag = reader.bool(members["cache"], "\(path)/cache") { item.cache = flag }
            item.destPath = reader.string(members["destPath"], "\(path)/destPath")
            app.fetch.append(item)
        }
    }

    private static func parseNetwork(_ value: JSON, _ path: String, _ reader: FieldReader) -> AppNetwork? {
        guard let members = reader.object(value, path) else { return nil }
        let modeText = reader.string(members["mode"], "\(path)/mode") ?? "container"
        guard let mode = AppNetwork.Mode(rawValue: modeText) else {
            reader.invalid("\(path)/mode", "is not one of (container,container/bridge,host)")
            return nil
        }
        var network = AppNetwork(mode: mode)
        network.name = reader.string(members["name"], "\(path)/name")
        network.labels = reader.stringMap(members["labels"], "\(path)/labels") ?? [:]
        if mode == .container, network.name == nil || network.name!.isEmpty {
            reader.invalid("\(path)/name", "container networks must specify a name")
        }
        return network
    }

    private static func parseContainerAndNetworks(
        _ body: [String: JSON],
        into app: inout AppDefinition,
        _ reader: FieldReader,
        options: AppParseOptions
    ) {
        var networks: [AppNetwork]?
        if let items = reader.array(body["networks"], "/networks") {
            networks = items.enumerated().compactMap { parseNetwork($1, "/networks(\($0))", reader) }
        }
        var legacyMappings: [JSON]?
        if let container = reader.object(body["container"], "/container") {
            var result = AppContainer()
            if let type = reader.string(container["type"], "/container/type") {
                if type == "DOCKER" || type == "MESOS" {
                    result.type = type
                } else {
                    reader.invalid("/container/type", "is not one of (DOCKER,MESOS)")
                }
            }
            if let docker = reader.object(container["docker"], "/container/docker") {
                let image = reader.string(docker["image"], "/container/docker/image") ?? ""
                var settings = DockerSettings(image: image)
                if image.isEmpty { reader.invalid("/container/docker/image", "must not be empty") }
                if let flag = reader.bool(docker["forcePullImage"], "/container/docker/forcePullImage") { settings.forcePullImage = flag }
                if let flag = reader.bool(docker["privileged"], "/container/docker/privileged") {
                    settings.privileged = flag
                    if flag && !options.allowPrivileged {
                        reader.invalid(
                            "/container/docker/privileged",
                            "privileged containers are not allowed; the scheduler must be started with --allow_privileged"
                        )
                    }
                }
                for (index, entry) in (reader.array(docker["parameters"], "/container/docker/parameters") ?? []).enumerated() {
                    let path = "/container/docker/parameters(\(index))"
                    guard let members = reader.object(entry, path) else { continue }
                    let key = reader.string(members["key"], "\(path)/key") ?? ""
                    let value = reader.string(members["value"], "\(path)/value") ?? ""
                    if key.isEmpty { reader.invalid("\(path)/key", "must not be empty") }
                    settings.parameters.append(DockerParameter(key: key, value: value))
                }
                if let network = reader.string(docker["network"], "/container/docker/network") {
                    if networks != nil {
                        reader.invalid("/container/docker/network", "must not be given together with 'networks'")
                    }
                    switch network {
                    case "HOST": networks = [AppNetwork(mode: .host)]
                    case "BRIDGE": networks = [AppNetwork(mode: .containerBridge)]
                    case "USER": networks = [AppNetwork(mode: .container, name: "default")]
                    case "NONE": networks = [AppNetwork(mode: .container, name: "none")]
                    default: reader.invalid("/container/docker/network", "is not one of (BRIDGE,HOST,USER,NONE)")
                    }
                }
                if let mappings = reader.array(docker["portMappings"], "/container/docker/portMappings") {
                    legacyMappings = mappings
                }
                result.docker = settings
            } else if result.type == "DOCKER" {
                reader.invalid("/container/docker", "must be defined for DOCKER containers")
            }
            let mappings = reader.array(container["portMappings"], "/container/portMappings")
            if mappings != nil, legacyMappings != nil {
                reader.invalid("/container/portMappings", "must not be given together with 'container.docker.portMappings'")
            }
            result.portMappings = parseMappings(mappings ?? legacyMappings ?? [], legacy: mappings == nil, reader)
            for (index, entry) in (reader.array(container["volumes"], "/container/volumes") ?? []).enumerated() {
                let path = "/container/volumes(\(index))"
                guard let members = reader.object(entry, path) else { continue }
                let containerPath = reader.string(members["containerPath"], "\(path)/containerPath") ?? ""
                var volume = AppVolume(containerPath: containerPath)
                if containerPath.isEmpty { reader.invalid("\(path)/containerPath", "must not be empty") }
                volume.hostPath = reader.string(members["hostPath"], "\(path)/hostPath")
                if let mode = reader.string(members["mode"], "\(path)/mode") {
                    if mode == "RO" || mode == "RW" { volume.mode = mode } else { reader.invalid("\(path)/mode", "is not one of (RO,RW)") }
                }
                if let persistent = members["persistent"], !persistent.isNull { volume.persistent = persistent }
                if let external = members["external"], !external.isNull { volume.external = external }
                if members["secret"] != nil { reader.invalid(path, "secret volumes are not supported") }
                if volume.hostPath == nil && volume.persistent == nil && volume.external == nil {
                    reader.invalid("\(path)/hostPath", "must be given for host volumes")
                }
                result.volumes.append(volume)
            }
            app.container = result
        }
        if let networks {
            if networks.isEmpty {
                app.networks = [AppNetwork(mode: .host)]
            } else {
                if networks.count > 1, networks.contains(where: { $0.mode != .container }) {
                    reader.invalid("/networks", "host and bridge networks cannot be combined with other networks")
                }
                app.networks = networks
            }
        }
        if app.usesBridgeNetwork, var container = app.container {
            for index in container.portMappings.indices where container.portMappings[index].hostPort == nil {
                container.portMappings[index].hostPort = 0
            }
            app.container = container
        }
        if app.usesHostNetwork, let mappings = app.container?.portMappings, !mappings.isEmpty {
            reader.invalid("/container/portMappings", "port mappings are only allowed with container or bridge networks")
        }
    }

    private static func parseMappings(_ items: [JSON], legacy: Bool, _ reader: FieldReader) -> [PortMapping] {
        let base = legacy ? "/container/docker/portMappings" : "/container/portMappings"
        var result: [PortMapping] = []
        for (index, entry) in items.enumerated() {
            let path = "\(base)(\(index))"
            guard let members = reader.object(entry, path) else { continue }
            var mapping = PortMapping(containerPort: reader.port(members["containerPort"], "\(path)/containerPort") ?? 0)
            mapping.hostPort = reader.port(members["hostPort"], "\(path)/hostPort")
            mapping.servicePort = reader.port(members["servicePort"], "\(path)/servicePort") ?? 0
            mapping.protocolName = reader.portProtocol(members["protocol"], "\(path)/protocol") ?? "tcp"
            mapping.name = reader.string(members["name"], "\(path)/name")
            mapping.labels = reader.stringMap(members["labels"], "\(path)/labels") ?? [:]
            mapping.networkNames = reader.strings(members["networkNames"], "\(path)/networkNames") ?? []
            result.append(mapping)
        }
        return result
    }

    private static func parsePorts(_ body: [String: JSON], into app: inout AppDefinition, _ reader: FieldReader) {
        let definitions = reader.array(body["portDefinitions"], "/portDefinitions")
        let ports = reader.array(body["ports"], "/ports")
        if let definitions {
            for (index, entry) in definitions.enumerated() {
                let path = "/portDefinitions(\(index))"
                guard let members = reader.object(entry, path) else { continue }
                var definition = PortDefinition(port: reader.port(members["port"], "\(path)/port") ?? 0)
                definition.protocolName = reader.portProtocol(members["protocol"], "\(path)/protocol") ?? "tcp"
                definition.name = reader.string(members["name"], "\(path)/name")
                definition.labels = reader.stringMap(members["labels"], "\(path)/labels") ?? [:]
                app.portDefinitions.append(definition)
            }
        } else if let ports {
            for (index, entry) in ports.enumerated() {
                app.portDefinitions.append(PortDefinition(port: reader.port(entry, "/ports(\(index))") ?? 0))
            }
        } else if app.usesHostNetwork {
            app.portDefinitions = [PortDefinition(port: 0, name: "default")]
        }
        if !app.usesHostNetwork {
            if definitions.map({ !$0.isEmpty }) ?? false {
                reader.invalid("/portDefinitions", "port definitions are only allowed with host networking")
            }
            app.portDefinitions = []
        }
        var seen: Set<UInt32> = []
        for (index, definition) in app.portDefinitions.enumerated() where definition.port != 0 {
            if !seen.insert(definition.port).inserted {
                reader.invalid("/portDefinitions(\(index))/port", "ports must be unique")
            }
        }
        var names: Set<String> = []
        let allNames = app.portDefinitions.compactMap(\.name) + (app.container?.portMappings.compactMap(\.name) ?? [])
        for name in allNames where !names.insert(name).inserted {
            reader.invalid("/", "port names must be unique ('\(name)' is used twice)")
        }
    }

    private static func parseHealthChecks(_ value: JSON?, into app: inout AppDefinition, _ reader: FieldReader) {
        guard let items = reader.array(value, "/healthChecks") else { return }
        let portCount = app.usesHostNetwork ? app.portDefinitions.count : app.portMappings.count
        let protocols = ["HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP"]
        for (index, entry) in items.enumerated() {
            let path = "/healthChecks(\(index))"
            guard let members = reader.object(entry, path) else { continue }
            var check = AppHealthCheck()
            if let name = reader.string(members["protocol"], "\(path)/protocol") {
                if protocols.contains(name) {
                    check.protocolName = name
                } else {
                    reader.invalid("\(path)/protocol", "is not one of (\(protocols.joined(separator: ",")))")
                }
            }
            check.path = reader.string(members["path"], "\(path)/path")
            check.port = reader.port(members["port"], "\(path)/port")
            check.portIndex = reader.int(members["portIndex"], "\(path)/portIndex")
            if let command = members["command"], !command.isNull {
                if let text = command.stringValue {
                    check.command = text
                } else if let commandObject = reader.object(command, "\(path)/command") {
                    check.command = reader.string(commandObject["value"], "\(path)/command/value")
                }
            }
            if let seconds = reader.number(members["gracePeriodSeconds"], "\(path)/gracePeriodSeconds", atLeast: 0) {
                check.gracePeriodSeconds = seconds
            }
            if let seconds = reader.number(members["intervalSeconds"], "\(path)/intervalSeconds", atLeast: 0) { check.intervalSeconds = seconds }
            if let seconds = reader.number(members["timeoutSeconds"], "\(path)/timeoutSeconds", atLeast: 0) { check.timeoutSeconds = seconds }
            if let seconds = reader.number(members["delaySeconds"], "\(path)/delaySeconds", atLeast: 0) { check.delaySeconds = seconds }
            if let failures = reader.int(members["maxConsecutiveFailures"], "\(path)/maxConsecutiveFailures") {
                if failures < 0 {
                    reader.invalid("\(path)/maxConsecutiveFailures", "got \(failures), expected 0 or more")
                } else {
                    check.maxConsecutiveFailures = failures
                }
            }
            if let flag = reader.bool(members["ignoreHttp1xx"], "\(path)/ignoreHttp1xx") { check.ignoreHttp1xx = flag }
            check.ipProtocol = reader.string(members["ipProtocol"], "\(path)/ipProtocol")
            if check.timeoutSeconds >= check.intervalSeconds && check.intervalSeconds > 0 {
                reader.invalid(path, "timeoutSeconds must be smaller than intervalSeconds")
            }
            if check.protocolName == "COMMAND" {
                if check.command?.isEmpty ?? true { reader.invalid("\(path)/command", "COMMAND health checks require a command") }
            } else {
                if check.port == nil && check.portIndex == nil { check.portIndex = 0 }
                if let portIndex = check.portIndex {
                    if portIndex < 0 || portIndex >= portCount {
                        reader.invalid(
                            path,
                            "Health check port indices must address an element of the ports array or container port mappings."
                        )
                    }
                }
                if check.protocolName.hasSuffix("HTTP") || check.protocolName.hasSuffix("HTTPS") {
                    if check.path == nil { check.path = "/" }
                }
            }
            app.healthChecks.append(check)
        }
    }
}
