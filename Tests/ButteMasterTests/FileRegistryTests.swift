// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteMaster
import ButteProtocol
import ButteTesting
import Foundation
import Testing

@Suite("FileRegistry")
struct FileRegistryTests {
    @Test("a missing file is an empty registry; a stored state loads back")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory(prefix: "butte-registry")
        defer { directory.remove() }
        let registry = try FileRegistry(workDir: directory.url.appendingPathComponent("master").path)
        #expect(try await registry.load() == RegistryState())
        let state = RegistryState(
            agents: [AgentInfo(hostname: "a1", port: 5051, id: AgentID("S1"))],
            frameworks: [FrameworkInfo(user: "bob", name: "demo", id: FrameworkID("F1"), failoverTimeout: 100)],
            removedFrameworks: [FrameworkID("F0")]
        )
        try await registry.store(state)
        #expect(try await registry.load() == state)
        let again = try FileRegistry(workDir: directory.url.appendingPathComponent("master").path)
        #expect(try await again.load() == state)
    }

    @Test("a store replaces the file without leaving temporary files behind")
    func atomicReplace() async throws {
        let directory = try TemporaryDirectory(prefix: "butte-registry")
        defer { directory.remove() }
        let registry = try FileRegistry(workDir: directory.url.path)
        try await registry.store(RegistryState(agents: [AgentInfo(hostname: "a1", id: AgentID("S1"))]))
        try await registry.store(RegistryState(agents: [AgentInfo(hostname: "a2", id: AgentID("S2"))]))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(names == ["registry.json"])
        #expect(try await registry.load().agents.map(\.hostname) == ["a2"])
    }

    @Test("a corrupt file is an error naming the file")
    func corrupt() async throws {
        let directory = try TemporaryDirectory(prefix: "butte-registry")
        defer { directory.remove() }
        let registry = try FileRegistry(workDir: directory.url.path)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: registry.path))
        do {
            _ = try await registry.load()
            Issue.record("a corrupt registry loaded")
        } catch let error as MasterError {
            #expect(error.code == .registry)
            #expect(error.message.contains(registry.path))
        }
    }
}
