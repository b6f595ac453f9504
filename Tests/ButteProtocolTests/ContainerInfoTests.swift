// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Testing

@testable import ButteProtocol

@Suite struct ContainerInfoTests {
    @Test("a MESOS container with a Docker image and CNI port mappings decodes")
    func mesosContainer() throws {
        let info = try ProtocolJSON.decode(
            ContainerInfo.self,
            from: #"""
                {"type":"MESOS","mesos":{"image":{"type":"DOCKER","docker":{"name":"library/nginx:1.25"}}},
                 "network_infos":[{"name":"mynet","port_mappings":[{"host_port":31001,"container_port":80,"protocol":"tcp"}],
                 "ip_addresses":[{"protocol":"IPv4"}]}],"hostname":"web",
                 "volumes":[{"container_path":"/data","host_path":"/srv","mode":"RO"},
                            {"container_path":"cache","mode":"RW","source":{"type":"SANDBOX_PATH","sandbox_path":{"type":"PARENT","path":"shared"}}}],
                 "linux_info":{"effective_capabilities":{"capabilities":["NET_BIND_SERVICE"]},"share_pid_namespace":false},
                 "rlimit_info":{"rlimits":[{"type":"RLMT_NOFILE","soft":1024,"hard":4096}]}}
                """#
        )
        #expect(info.type == .mesos)
        #expect(info.mesos?.image?.type == .docker)
        #expect(info.mesos?.image?.docker?.name == "library/nginx:1.25")
        #expect(info.hostname == "web")
        let network = try #require(info.networkInfos.first)
        #expect(network.name == "mynet")
        #expect(network.portMappings == [NetworkInfo.PortMapping(hostPort: 31001, containerPort: 80, protocolName: "tcp")])
        #expect(network.ipAddresses.first?.ipProtocol == .ipv4)
        #expect(info.volumes[0].mode == .ro)
        #expect(info.volumes[0].hostPath == "/srv")
        #expect(info.volumes[1].source?.sandboxPath?.type == .parentSandbox)
        #expect(info.linuxInfo?.effectiveCapabilities?.capabilities == [.netBindService])
        #expect(info.rlimitInfo?.rlimits.first?.type == .nofile)
        #expect(info.rlimitInfo?.rlimits.first?.hard == 4096)
        #expect(try ProtocolJSON.decode(ContainerInfo.self, from: try ProtocolJSON.encode(info)) == info)
    }

    @Test("a DOCKER container with bridge networking, parameters and flags decodes")
    func dockerContainer() throws {
        let info = try ProtocolJSON.decode(
            ContainerInfo.self,
            from: #"""
                {"type":"DOCKER","docker":{"image":"nginx","network":"BRIDGE","port_mappings":[{"host_port":31001,"container_port":80}],
                 "privileged":true,"parameters":[{"key":"ulimit","value":"nofile=1024"}],"force_pull_image":true}}
                """#
        )
        #expect(info.type == .docker)
        let docker = try #require(info.docker)
        #expect(docker.image == "nginx")
        #expect(docker.network == .bridge)
        #expect(docker.portMappings.first?.hostPort == 31001)
        #expect(docker.portMappings.first?.protocolName == nil)
        #expect(docker.privileged == true)
        #expect(docker.parameters == [Parameter(key: "ulimit", value: "nofile=1024")])
        #expect(docker.forcePullImage == true)
    }

    @Test("the NONE network mode decodes and an unknown one is dropped")
    func networkModes() throws {
        let none = try ProtocolJSON.decode(ContainerInfo.DockerInfo.self, from: #"{"image":"x","network":"NONE"}"#)
        #expect(none.network == .loopbackOnly)
        let future = try ProtocolJSON.decode(ContainerInfo.DockerInfo.self, from: #"{"image":"x","network":"MESH"}"#)
        #expect(future.network == nil)
    }

    @Test("the container type and the docker image are required")
    func required() {
        let missingType = #expect(throws: ProtocolError.self) { try ProtocolJSON.decode(ContainerInfo.self, from: #"{"docker":{"image":"x"}}"#) }
        #expect(missingType?.field == "type")
        let unknownType = #expect(throws: ProtocolError.self) { try ProtocolJSON.decode(ContainerInfo.self, from: #"{"type":"LXC"}"#) }
        #expect(unknownType?.field == "type")
        let missingImage = #expect(throws: ProtocolError.self) {
            try ProtocolJSON.decode(ContainerInfo.self, from: #"{"type":"DOCKER","docker":{"network":"HOST"}}"#)
        }
        #expect(missingImage?.field == "docker.image")
    }
}
