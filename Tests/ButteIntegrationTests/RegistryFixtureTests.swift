// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

@Suite(.tags(.services), .enabled(if: TestEnvironment.privilegedTestsEnabled))
struct RegistryFixtureTests {
    @Test("the registry answers /v2/ and returns an uploaded blob byte for byte")
    func blobRoundTrip() async throws {
        try await withRegistry { registry in
            #expect(registry.host == "127.0.0.1:\(registry.port)")
            #expect(registry.url.absoluteString == "http://127.0.0.1:\(registry.port)")
            #expect(registry.credentials == nil)

            let base = try await registry.request("GET", "/v2/")
            #expect(base.status == 200)
            #expect(base.header("Docker-Distribution-API-Version") == "registry/2.0")

            let blob = Data("a blob for Butte's registry fixture \(UUID().uuidString)\n".utf8)
            let digest = try await sha256Digest(of: blob)

            let upload = try await registry.request("POST", "/v2/butte-test/fixture/blobs/uploads/")
            #expect(upload.status == 202)
            let location = try #require(upload.header("Location"), "the upload answer names no Location")
            let uploadURL = try #require(URL(string: location, relativeTo: registry.url), "Location \(location) is no URL")
            var target = try #require(URLComponents(url: uploadURL.absoluteURL, resolvingAgainstBaseURL: true))
            target.queryItems = (target.queryItems ?? []) + [URLQueryItem(name: "digest", value: digest)]
            let put = try await TestHTTPClient.send(
                "PUT",
                try #require(target.url),
                headers: ["Content-Type": "application/octet-stream"],
                body: blob
            )
            #expect(put.status == 201, "PUT of the blob answered \(put.status): \(put.text)")

            let fetched = try await registry.request("GET", "/v2/butte-test/fixture/blobs/\(digest)")
            #expect(fetched.status == 200)
            #expect(fetched.body == blob)
            #expect(fetched.header("Docker-Content-Digest") == digest)

            let missing = try await registry.request("GET", "/v2/butte-test/fixture/blobs/sha256:\(String(repeating: "0", count: 64))")
            #expect(missing.status == 404)
        }
    }

    @Test("with Basic auth an anonymous request gets 401 and the right credentials get 200")
    func basicAuth() async throws {
        try await withRegistry(RegistryFixture.Options(basicAuth: true, user: "tester", password: "correct horse")) { registry in
            let credentials = try #require(registry.credentials)
            #expect(credentials == RegistryFixture.Credentials(user: "tester", password: "correct horse"))

            let anonymous = try await registry.request("GET", "/v2/", authenticated: false)
            #expect(anonymous.status == 401)
            #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Basic realm=") == true)

            let wrong = try await registry.request(
                "GET",
                "/v2/",
                headers: ["Authorization": TestHTTPClient.basicAuthorization(user: "tester", password: "wrong")],
                authenticated: false
            )
            #expect(wrong.status == 401)

            let right = try await registry.request("GET", "/v2/")
            #expect(right.status == 200)
        }
    }

    @Test("stop terminates the registry, closes its port and removes its directory")
    func stopCleansUp() async throws {
        let registry = try await RegistryFixture.start()
        let other = try await RegistryFixture.start()
        #expect(registry.port != other.port)
        await other.stop()

        #expect(registry.isRunning)
        #expect(TCPProbe.isListening(port: registry.port))
        #expect(FileManager.default.fileExists(atPath: registry.storageDirectory.path))

        await registry.stop()
        #expect(!registry.isRunning)
        #expect(!TCPProbe.isListening(port: registry.port))
        #expect(!FileManager.default.fileExists(atPath: registry.directory.path))
        #expect(!FileManager.default.fileExists(atPath: other.directory.path))

        // Stopping twice is harmless.
        await registry.stop()
    }

    @Test("a registry is stopped when the body of withRegistry throws")
    func stopsOnThrow() async throws {
        struct Planned: Error {}
        var seen: (port: UInt16, directory: URL)?
        await #expect(throws: Planned.self) {
            try await withRegistry { registry in
                seen = (registry.port, registry.directory)
                throw Planned()
            }
        }
        let (port, directory) = try #require(seen)
        #expect(!TCPProbe.isListening(port: port))
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    private func sha256Digest(of data: Data) async throws -> String {
        let scratch = try TemporaryDirectory(prefix: "butte-blob")
        defer { scratch.remove() }
        let file = scratch.url.appendingPathComponent("blob")
        try data.write(to: file)
        let sum = try await Command.check("/usr/bin/sha256sum", [file.path]).output
        let hex = try #require(sum.split(separator: " ").first)
        return "sha256:\(hex)"
    }
}
