// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteOCI
import Foundation
import Testing

@Suite struct ImageConfigTests {
    static let json = """
        {"architecture":"arm64","os":"linux","variant":"v8","created":"2024-01-01T00:00:00Z",
         "config":{"User":"1000:1000","ExposedPorts":{"80/tcp":{},"443/tcp":{}},"Env":["PATH=/usr/bin","A=b=c"],
                   "Entrypoint":["/docker-entrypoint.sh"],"Cmd":["nginx","-g","daemon off;"],"Volumes":{"/data":{}},
                   "WorkingDir":"/srv","Labels":{"maintainer":"x"},"StopSignal":"SIGQUIT","ArgsEscaped":true},
         "rootfs":{"type":"layers","diff_ids":["sha256:\(String(repeating: "1", count: 64))","sha256:\(String(repeating: "2", count: 64))"]},
         "history":[{"created_by":"ADD file","empty_layer":false}]}
        """

    @Test("a Docker image config decodes with its JSON names")
    func decodes() throws {
        let c = try ImageDocument.parseConfig(Array(Self.json.utf8))
        #expect(c.platform == Platform(os: "linux", architecture: "arm64", variant: "v8"))
        let p = try #require(c.config)
        #expect(p.user == "1000:1000")
        #expect(p.exposedPorts == ["443/tcp", "80/tcp"])
        #expect(p.env == ["PATH=/usr/bin", "A=b=c"])
        #expect(p.entrypoint == ["/docker-entrypoint.sh"])
        #expect(p.cmd == ["nginx", "-g", "daemon off;"])
        #expect(p.volumes == ["/data"])
        #expect(p.workingDir == "/srv")
        #expect(p.labels == ["maintainer": "x"])
        #expect(p.stopSignal == "SIGQUIT")
        #expect(c.rootfs.diffIDs.count == 2)
        #expect(c.history?.first?.createdBy == "ADD file")
    }

    @Test("a config round-trips through its own encoding")
    func roundTrips() throws {
        let c = try ImageDocument.parseConfig(Array(Self.json.utf8))
        let again = try JSONDecoder().decode(ImageConfig.self, from: JSONEncoder().encode(c))
        #expect(again == c)
    }

    @Test("a config with a bad diff ID or a duplicated key is refused")
    func refuses() {
        let bad = #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:zz"]}}"#
        #expect(throws: OCIError.self) { try ImageDocument.parseConfig(Array(bad.utf8)) }
        let dup = #"{"architecture":"amd64","os":"linux","os":"windows","rootfs":{"type":"layers","diff_ids":[]}}"#
        #expect(throws: OCIError.self) { try ImageDocument.parseConfig(Array(dup.utf8)) }
    }
}
