// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteScheduler

@Suite struct AppDefinitionTests {
    func parse(_ text: String, allowPrivileged: Bool = false) throws -> AppDefinition {
        try AppDefinition.parse(try JSON.parse(text), options: AppParseOptions(allowPrivileged: allowPrivileged))
    }

    func failure(_ text: String) throws -> APIError {
        do {
            _ = try parse(text)
        } catch let error as APIError {
            return error
        }
        Issue.record("\(text) was accepted")
        throw CancellationError()
    }

    func paths(_ error: APIError) -> [String] {
        (error.body["details"]?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
    }

    @Test("a minimal app gets Marathon's defaults and an absolute id")
    func defaults() throws {
        let app = try parse(#"{"id": "test-complex-app", "cmd": "sleep 100"}"#)
        #expect(app.id.description == "/test-complex-app")
        #expect(app.instances == 1 && app.cpus == 1 && app.mem == 128 && app.disk == 0)
        #expect(app.backoffSeconds == 1 && app.backoffFactor == 1.15 && app.maxLaunchDelaySeconds == 300)
        #expect(app.portDefinitions.count == 1 && app.portDefinitions[0].port == 0)
        #expect(app.upgradeStrategy == UpgradeStrategy())
    }

    @Test("group ids resolve, uppercase segments are refused")
    func ids() throws {
        #expect(try parse(#"{"id": "/prod//web/", "cmd": "x"}"#).id.description == "/prod/web")
        #expect(try parse(#"{"id": "/prod/web", "cmd": "x"}"#).id.parent.description == "/prod")
        #expect(paths(try failure(#"{"id": "/Prod/web", "cmd": "x"}"#)) == ["/id"])
        #expect(paths(try failure(#"{"id": "/prod/-web", "cmd": "x"}"#)) == ["/id"])
        #expect(paths(try failure(#"{"cmd": "x"}"#)) == ["/id"])
    }

    @Test("cmd and args together, or neither without a container, are refused on '/'")
    func commandRules() throws {
        let both = try failure(#"{"id": "a", "cmd": "x", "args": ["y"]}"#)
        #expect(both.status == 422)
        #expect(both.body["message"]?.stringValue == "Object is not valid")
        #expect(paths(both) == ["/"])
        #expect(paths(try failure(#"{"id": "a"}"#)) == ["/"])
        #expect(try parse(#"{"id": "a", "container": {"docker": {"image": "busybox"}}}"#).container?.docker?.image == "busybox")
    }

    @Test("numbers out of range name their path")
    func ranges() throws {
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "instances": -1}"#)) == ["/instances"])
        let strategy = try failure(#"{"id": "a", "cmd": "x", "upgradeStrategy": {"minimumHealthCapacity": 1.5}}"#)
        #expect(paths(strategy) == ["/upgradeStrategy/minimumHealthCapacity"])
        #expect(strategy.body["details"]?.arrayValue?.first?["errors"] == .array(["is greater than 1"]))
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "backoffFactor": 0.5}"#)) == ["/backoffFactor"])
    }

    @Test("a wrong JSON type is 'Invalid JSON' with Marathon's expected-type error")
    func typeErrors() throws {
        let error = try failure(#"{"id": "a", "cmd": "x", "instances": "many"}"#)
        #expect(error.body["message"]?.stringValue == "Invalid JSON")
        #expect(error.body["details"]?.arrayValue?.first == .object(["path": "/instances", "errors": ["error.expected.jsnumber"]]))
    }

    @Test("legacy docker.network and docker.portMappings become networks and container.portMappings")
    func legacyDocker() throws {
        let app = try parse(
            #"{"id": "web", "container": {"type": "DOCKER", "docker": {"image": "nginx", "network": "BRIDGE", "portMappings": [{"containerPort": 80, "protocol": "tcp,udp"}]}}}"#
        )
        #expect(app.networks == [AppNetwork(mode: .containerBridge)])
        #expect(app.portMappings.count == 1)
        #expect(app.portMappings[0].hostPort == 0)
        #expect(app.portMappings[0].protocolName == "udp,tcp")
        #expect(app.portDefinitions.isEmpty)
        let json = app.json()
        #expect(json["portDefinitions"] == nil)
        #expect(json["container"]?["portMappings"]?.arrayValue?.count == 1)
        #expect(json["container"]?["docker"]?["network"] == nil)
    }

    @Test("privileged containers need the scheduler's permission")
    func privileged() throws {
        let text = #"{"id": "p", "container": {"docker": {"image": "busybox", "privileged": true}}}"#
        #expect(paths(try failure(text)) == ["/container/docker/privileged"])
        #expect(try parse(text, allowPrivileged: true).container?.docker?.privileged == true)
    }

    @Test("health checks, uris with fetch, and constraints are validated")
    func rules() throws {
        let check = try failure(#"{"id": "a", "cmd": "x", "portDefinitions": [], "healthChecks": [{"protocol": "HTTP"}]}"#)
        #expect(paths(check) == ["/healthChecks(0)"])
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "healthChecks": [{"protocol": "COMMAND"}]}"#)) == ["/healthChecks(0)/command"])
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "uris": ["http://a/b"], "fetch": [{"uri": "http://c"}]}"#)) == ["/"])
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "constraints": [["hostname", "NEAR"]]}"#)) == ["/constraints(0)"])
        #expect(paths(try failure(#"{"id": "a", "cmd": "x", "constraints": [["hostname", "MAX_PER", "zero"]]}"#)) == ["/constraints(0)"])
        let app = try parse(
            #"{"id": "a", "cmd": "x", "constraints": [["hostname", "UNIQUE"], ["rack", "LIKE", "r[0-9]"]], "healthChecks": [{"protocol": "TCP", "portIndex": 0}]}"#
        )
        #expect(app.constraints.count == 2)
        #expect(app.healthChecks[0].protocolName == "TCP")
    }

    @Test("output holds only keys marathon-python 0.13.0 accepts")
    func outputKeys() throws {
        let app = try parse(
            #"{"id": "a", "cmd": "x", "tty": true, "env": {"A": "1"}, "labels": {"l": "v"}, "uris": ["http://x/y.tgz"], "container": {"type": "MESOS", "docker": {"image": "busybox"}, "volumes": [{"containerPath": "/d", "hostPath": "/tmp", "mode": "RO"}]}}"#
        )
        let allowed: Set<String> = [
            "id", "cmd", "args", "cpus", "mem", "disk", "gpus", "instances", "env", "labels", "constraints", "container", "networks",
            "portDefinitions", "ports", "requirePorts", "healthChecks", "readinessChecks", "readinessCheckResults", "dependencies",
            "upgradeStrategy", "unreachableStrategy", "killSelection", "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds",
            "taskKillGracePeriodSeconds", "acceptedResourceRoles", "role", "user", "executor", "fetch", "uris", "storeUrls",
            "taskRateLimit", "secrets", "residency", "ipAddress", "version", "versionInfo", "deployments", "tasks", "tasksRunning",
            "tasksStaged", "tasksHealthy", "tasksUnhealthy", "lastTaskFailure", "taskStats",
        ]
        let keys = Set(app.json().objectValue!.keys)
        #expect(keys.isSubset(of: allowed), "unexpected keys \(keys.subtracting(allowed))")
        #expect(Set(app.json()["container"]!.objectValue!.keys).isSubset(of: ["type", "docker", "portMappings", "volumes"]))
        #expect(app.fetch.first?.extract == true)
    }

    @Test("a definition written by json() reads back the same")
    func roundTrip() throws {
        let app = try parse(
            #"{"id": "/g/a", "args": ["sleep", "1"], "instances": 3, "env": {"K": "V"}, "healthChecks": [{"protocol": "HTTP", "path": "/h"}], "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.2}}"#
        )
        let again = try AppDefinition.restore(app.json())
        #expect(again == app)
    }
}

@Suite struct ConstraintTests {
    @Test("UNIQUE, CLUSTER, MAX_PER, LIKE, UNLIKE and GROUP_BY decide placement")
    func operators() {
        #expect(Constraint(field: "hostname", op: .unique).allows(candidate: "a", placed: ["b"], known: []))
        #expect(!Constraint(field: "hostname", op: .unique).allows(candidate: "a", placed: ["a"], known: []))
        #expect(Constraint(field: "rack", op: .cluster, value: "r1").allows(candidate: "r1", placed: [], known: []))
        #expect(!Constraint(field: "rack", op: .cluster, value: "r1").allows(candidate: "r2", placed: [], known: []))
        #expect(Constraint(field: "rack", op: .maxPer, value: "2").allows(candidate: "r1", placed: ["r1"], known: []))
        #expect(!Constraint(field: "rack", op: .maxPer, value: "2").allows(candidate: "r1", placed: ["r1", "r1"], known: []))
        #expect(Constraint(field: "rack", op: .like, value: "r[0-9]").allows(candidate: "r7", placed: [], known: []))
        #expect(!Constraint(field: "rack", op: .like, value: "r[0-9]").allows(candidate: "rack7", placed: [], known: []))
        #expect(!Constraint(field: "rack", op: .unlike, value: "r1").allows(candidate: "r1", placed: [], known: []))
        #expect(!Constraint(field: "rack", op: .groupBy).allows(candidate: "r1", placed: ["r1"], known: ["r1", "r2"]))
        #expect(Constraint(field: "rack", op: .groupBy).allows(candidate: "r2", placed: ["r1"], known: ["r1", "r2"]))
        #expect(!Constraint(field: "rack", op: .unique).allows(candidate: nil, placed: [], known: []))
    }
}

@Suite struct TimestampTests {
    @Test("timestamps are written with milliseconds and Z, and read back")
    func format() {
        let stamp = Timestamp(milliseconds: 1_714_557_600_120)
        #expect(stamp.description == "2024-05-01T10:00:00.120Z")
        #expect(Timestamp.parse("2024-05-01T10:00:00.120Z") == stamp)
        #expect(Timestamp.parse("2024-05-01T10:00:00.12Z") == stamp)
        #expect(Timestamp.parse("yesterday") == nil)
    }
}
