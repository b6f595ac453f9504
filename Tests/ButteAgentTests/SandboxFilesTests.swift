// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteTesting
import Foundation
import Testing

@testable import ButteAgent

@Suite struct SandboxFilesTests {
    @Test func resolvesSandboxPathsAndRefusesEverythingElse() throws {
        let work = try TemporaryDirectory(prefix: "sandbox-files")
        defer { work.remove() }
        let root = URL(fileURLWithPath: work.url.path).resolvingSymlinksInPath().path
        let sandbox = root + "/slaves/A/frameworks/F/executors/E/runs/C"
        try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
        try Data("hello".utf8).write(to: URL(fileURLWithPath: sandbox + "/stdout"))
        try FileManager.default.createSymbolicLink(atPath: sandbox + "/escape", withDestinationPath: "/etc/passwd")
        let latest: (String, String) -> String? = { f, e in f == "F" && e == "E" ? sandbox : nil }

        #expect(SandboxFiles.resolve(sandbox + "/stdout", workDir: root, latestRun: latest) == sandbox + "/stdout")
        #expect(SandboxFiles.resolve("/frameworks/F/executors/E/runs/latest/stdout", workDir: root, latestRun: latest) == sandbox + "/stdout")
        #expect(SandboxFiles.resolve("/frameworks/F/executors/X/runs/latest", workDir: root, latestRun: latest) == nil)
        #expect(SandboxFiles.resolve(sandbox + "/../../../../../../../etc/passwd", workDir: root, latestRun: latest) == nil)
        #expect(SandboxFiles.resolve(sandbox + "/escape", workDir: root, latestRun: latest) == nil)
        #expect(SandboxFiles.resolve("/etc/passwd", workDir: root, latestRun: latest) == nil)
        #expect(SandboxFiles.resolve(root + "/slaves/A", workDir: root, latestRun: latest) == nil)
        let read = try #require(SandboxFiles.read(sandbox + "/stdout", offset: 1, length: 3))
        #expect(read["data"] as? String == "ell")
        #expect(SandboxFiles.read(sandbox + "/stdout", offset: -1, length: nil)?["offset"] as? Int == 5)
        #expect(SandboxFiles.browse(sandbox)?.map { $0["path"] as? String } == [sandbox + "/escape", sandbox + "/stdout"])
    }
}
