// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteImage
import ButteOCI
import Testing

@Suite struct RegistryConfigurationTests {
    static func endpoint(_ reference: String, _ configuration: RegistryConfiguration = RegistryConfiguration()) throws -> RegistryEndpoint {
        let r = try ImageReference(parsing: reference)
        return configuration.endpoint(forDomain: r.domain, registryHost: r.registryHost)
    }

    @Test("Docker Hub and other registries use https; loopback and --insecure-registry hosts use http")
    func schemes() throws {
        #expect(try Self.endpoint("busybox").baseURL == "https://registry-1.docker.io")
        #expect(try Self.endpoint("quay.io/org/app").baseURL == "https://quay.io")
        #expect(try Self.endpoint("localhost:5000/app").baseURL == "http://localhost:5000")
        #expect(try Self.endpoint("127.0.0.1:5000/app").baseURL == "http://127.0.0.1:5000")
        #expect(try Self.endpoint("reg.lan:5000/app").baseURL == "https://reg.lan:5000")
        #expect(try Self.endpoint("reg.lan:5000/app", RegistryConfiguration(insecureRegistries: ["reg.lan:5000"])).baseURL == "http://reg.lan:5000")
    }

    @Test("mirrors are tried first for Docker Hub only")
    func mirrors() throws {
        let configuration = RegistryConfiguration(mirrors: [try RegistryEndpoint(url: "https://mirror.example/")])
        let client = RegistryClient(configuration: configuration)
        #expect(
            client.endpoints(for: try ImageReference(parsing: "busybox")).map(\.baseURL) == [
                "https://mirror.example", "https://registry-1.docker.io",
            ])
        #expect(client.endpoints(for: try ImageReference(parsing: "quay.io/a/b")).map(\.baseURL) == ["https://quay.io"])
        #expect(throws: ImageError.self) { try RegistryEndpoint(url: "ftp://mirror.example") }
    }
}
