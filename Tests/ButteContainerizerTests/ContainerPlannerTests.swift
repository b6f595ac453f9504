// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import ButteLinux
import ButteSeccomp
import Testing

@testable import ButteContainerizer

@Suite struct ContainerPlannerTests {
    static let host = HostFacts(
        lastCapability: .checkpointRestore, kernel: KernelVersion(6, 18), thermalThrottlePaths: ["/sys/devices/system/cpu/cpu0/thermal_throttle"],
        fileKind: { path in path.hasSuffix(".txt") ? .file : (path.hasPrefix("/missing") ? .missing : .directory) })
    static let paths = ContainerPlanner.Paths(rootfsMountPoint: "/run/butte/containers/c1/rootfs")
    static let filter = SeccompProgram(instructions: [BPFInstruction(code: 6, jt: 0, jf: 0, k: 0x7fff_0000)])

    func plan(_ configure: (inout ContainerSpec) -> Void = { _ in }) throws -> SpawnPlan {
        var spec = ContainerSpec(id: "c1", rootfs: .directory("/srv/rootfs"), command: ["sh", "-c", "true"])
        configure(&spec)
        return try ContainerPlanner.plan(spec, paths: Self.paths, host: Self.host, seccomp: Self.filter)
    }

    func index(_ plan: SpawnPlan, _ match: (SpawnOperation) -> Bool) -> Int? {
        plan.operations.firstIndex(where: match)
    }

    @Test("a default container gets pid, mount, uts, ipc, cgroup and network namespaces, no user namespace")
    func namespaces() throws {
        let p = try plan()
        #expect(p.namespaces == [.pid, .mount, .uts, .ipc, .cgroup, .network])
        #expect(p.operations.contains(.loopbackUp))
        #expect(p.runsInit)
        #expect(p.parentDeathSignal == nil)
    }

    @Test("host networking keeps the host's network namespace and does not touch loopback")
    func hostNetwork() throws {
        let p = try plan { $0.network = .host }
        #expect(!p.namespaces.contains(.network))
        #expect(!p.operations.contains(.loopbackUp))
    }

    @Test("the child is non-dumpable first, makes / private, and bind-mounts the directory root on the mount point")
    func rootfsDirectory() throws {
        let p = try plan()
        #expect(p.operations[0] == .setDumpable(false))
        #expect(p.operations[1] == .mount(source: nil, target: "/", type: nil, flags: [.recursive, .private], data: nil))
        #expect(
            p.operations[2] == .mount(source: "/srv/rootfs", target: Self.paths.rootfsMountPoint, type: nil, flags: [.bind, .recursive], data: nil))
        #expect(p.operations[3] == .openRoot(Self.paths.rootfsMountPoint))
    }

    @Test("an overlay root stacks the lower directories over the container's upper and work directories")
    func rootfsOverlay() throws {
        var spec = ContainerSpec(id: "c1", rootfs: .overlay(lower: ["/layers/b", "/layers/a"]), command: ["/bin/true"])
        spec.readOnlyRootfs = true
        let paths = ContainerPlanner.Paths(rootfsMountPoint: "/r/rootfs", upper: "/r/upper", work: "/r/work")
        let p = try ContainerPlanner.plan(spec, paths: paths, host: Self.host, seccomp: nil)
        #expect(
            p.operations[2]
                == .mount(
                    source: "overlay", target: "/r/rootfs", type: "overlay", flags: [],
                    data: "lowerdir=/layers/b:/layers/a,upperdir=/r/upper,workdir=/r/work"))
        let ro = try #require(index(p) { $0 == .rootReadOnly })
        let pivot = try #require(index(p) { $0 == .pivotRoot })
        #expect(ro == pivot - 1)
        #expect(!p.operations.contains { if case .seccomp = $0 { return true } else { return false } })
    }

    @Test("/dev is a fresh tmpfs holding the six device nodes, devpts, ptmx, shm and mqueue")
    func dev() throws {
        let p = try plan()
        #expect(
            p.operations.contains(
                .mountInRoot(
                    target: "/dev", type: "tmpfs", source: "tmpfs", flags: [.noSetuid, .strictAccessTime], data: "mode=755,size=65536k",
                    missing: .createDirectory)))
        let nodes = p.operations.compactMap { op -> String? in
            if case .makeNodeInRoot(let path, let mode, let device) = op {
                return "\(path) \(String(mode, radix: 8)) \(device >> 8):\(device & 0xff)"
            }
            return nil
        }
        #expect(
            nodes == [
                "/dev/null 20666 1:3", "/dev/zero 20666 1:5", "/dev/full 20666 1:7", "/dev/random 20666 1:8", "/dev/urandom 20666 1:9",
                "/dev/tty 20666 5:0",
            ])
        #expect(p.operations.contains(.symlinkInRoot(path: "/dev/ptmx", target: "pts/ptmx")))
        #expect(p.operations.contains { if case .mountInRoot("/dev/pts", "devpts", _, _, _, _) = $0 { return true } else { return false } })
        #expect(p.operations.contains { if case .mountInRoot("/dev/shm", "tmpfs", _, _, _, _) = $0 { return true } else { return false } })
        #expect(p.operations.contains { if case .mountInRoot("/dev/mqueue", "mqueue", _, _, _, _) = $0 { return true } else { return false } })
    }

    @Test("in a user namespace the device nodes are bind-mounted from the host instead of made with mknod")
    func devInUserNamespace() throws {
        let p = try plan { $0.userNamespace = .range(hostBase: 100_000) }
        #expect(p.namespaces.contains(.user))
        #expect(p.uidMappings == [IDMapping(containerID: 0, hostID: 100_000, count: 65536)])
        #expect(p.operations[1] == .setIDs(uid: 0, gid: 0, groups: []))
        #expect(!p.operations.contains { if case .makeNodeInRoot = $0 { return true } else { return false } })
        #expect(p.operations.contains(.bindInRoot(source: "/dev/null", target: "/dev/null", attributes: [.noSetuid, .noExec], missing: .createFile)))
    }

    @Test("proc and sys are mounted restricted, sys read-only, and every masked and read-only path is covered before pivot_root")
    func procSysMasks() throws {
        let p = try plan()
        #expect(
            p.operations.contains(
                .mountInRoot(target: "/proc", type: "proc", source: "proc", flags: .restricted, data: nil, missing: .createDirectory)))
        #expect(
            p.operations.contains(
                .mountInRoot(
                    target: "/sys", type: "sysfs", source: "sysfs", flags: MountFlags.restricted.union(.readOnly), data: nil,
                    missing: .createDirectory)))
        let pivot = try #require(index(p) { $0 == .pivotRoot })
        for path in ContainerSpec.defaultMaskedPaths + ["/sys/devices/system/cpu/cpu0/thermal_throttle"] {
            let i = try #require(index(p) { $0 == .maskInRoot(path) }, "\(path) is not masked")
            #expect(i < pivot)
        }
        for path in ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"] {
            let i = try #require(index(p) { $0 == .readOnlyInRoot(path) }, "\(path) is not read-only")
            #expect(i < pivot)
        }
    }

    @Test("bind mounts create a directory or a file target by the source's kind and are nosuid,nodev")
    func bindMounts() throws {
        let p = try plan {
            $0.mounts = [
                .init(source: "/var/sandbox", destination: "/mnt/mesos/sandbox"),
                .init(source: "/etc/conf.txt", destination: "/etc/app.conf", readOnly: true),
            ]
        }
        #expect(
            p.operations.contains(
                .bindInRoot(source: "/var/sandbox", target: "/mnt/mesos/sandbox", attributes: [.noSetuid, .noDevices], missing: .createDirectory)))
        #expect(
            p.operations.contains(
                .bindInRoot(source: "/etc/conf.txt", target: "/etc/app.conf", attributes: [.noSetuid, .noDevices, .readOnly], missing: .createFile)))
    }

    @Test("security steps: bounding drops everything outside the set, ids before capset, then no_new_privs and seccomp last")
    func securityOrder() throws {
        let p = try plan { $0.user = .init(uid: 1000, gid: 100, additionalGroups: [10]) }
        let expectedDrops = CapabilitySet.all(upTo: .checkpointRestore).subtracting(.containerDefault)
        let drop = try #require(index(p) { $0 == .dropBounding(expectedDrops) })
        let ids = try #require(index(p) { $0 == .setIDs(uid: 1000, gid: 100, groups: [10]) })
        let capset = try #require(index(p) { $0 == .setCapabilities(.containerDefault) })
        let close = try #require(index(p) { $0 == .closeFileDescriptors })
        let chdir = try #require(index(p) { $0 == .changeDirectory("/") })
        let nnp = try #require(index(p) { $0 == .noNewPrivileges })
        let seccomp = try #require(index(p) { $0 == .seccomp(filter: Self.filter.bytes, flags: 0) })
        let pivot = try #require(index(p) { $0 == .pivotRoot })
        #expect(pivot < drop && drop < ids && ids < capset && capset < close && close < chdir && chdir < nnp && nnp < seccomp)
        #expect(seccomp == p.operations.count - 1)
        #expect(p.operations.contains(.setAmbient([])))
    }

    @Test("without no_new_privs the filter is loaded before the uid change, while CAP_SYS_ADMIN is still effective")
    func seccompWithoutNoNewPrivs() throws {
        let p = try plan { $0.noNewPrivileges = false }
        #expect(!p.operations.contains(.noNewPrivileges))
        let seccomp = try #require(index(p) { if case .seccomp = $0 { return true } else { return false } })
        let ids = try #require(index(p) { if case .setIDs = $0 { return true } else { return false } })
        #expect(seccomp < ids)
    }

    @Test("rlimits default to nofile 1024:1024 and core 0, hostname and session are set after pivot_root")
    func limitsAndHostname() throws {
        let p = try plan { $0.hostname = "web-1" }
        #expect(p.operations.contains(.setResourceLimit(ResourceLimit(.openFiles, soft: 1024, hard: 1024))))
        #expect(p.operations.contains(.setResourceLimit(ResourceLimit(.core, soft: 0, hard: 0))))
        let pivot = try #require(index(p) { $0 == .pivotRoot })
        let hostname = try #require(index(p) { $0 == .setHostname("web-1") })
        #expect(hostname > pivot)
        #expect(p.operations.contains(.newSession))
        #expect(p.environment.contains("HOSTNAME=web-1"))
    }

    @Test("a bare command is searched in the container's PATH; one with a slash is used as is")
    func executableSearch() throws {
        let p = try plan { $0.environment = ["PATH=/opt/bin:relative:/usr/bin/", "A=1"] }
        #expect(p.executableCandidates == ["/opt/bin/sh", "/usr/bin/sh"])
        #expect(p.environment == ["PATH=/opt/bin:relative:/usr/bin/", "A=1"])
        let q = try plan { $0.command = ["/bin/probe", "ids"] }
        #expect(q.executableCandidates == ["/bin/probe"])
        #expect(q.environment.first == "PATH=" + ContainerSpec.defaultPath)
    }

    @Test("killWithLauncher arms SIGKILL as the parent-death signal; stdio and the cgroup descriptor pass through")
    func passThrough() throws {
        let p = try plan {
            $0.killWithLauncher = true
            $0.cgroupDescriptor = 42
            $0.standardOutput = 7
        }
        #expect(p.parentDeathSignal == 9)
        #expect(p.cgroupDescriptor == 42)
        #expect(p.standardOutput == 7 && p.standardInput == nil)
    }

    @Test(
        "impossible specs are refused with a sentence naming the problem",
        arguments: [
            ("bind /proc", "/proc"), ("relative workdir", "not an absolute path"), ("no command", "no command"), ("bad hostname", "hostname"),
            ("missing source", "/missing/dir"), ("dotdot", "'..'"),
        ])
    func refused(_ testCase: String, _ expected: String) throws {
        do {
            _ = try plan { spec in
                switch testCase {
                case "bind /proc": spec.mounts = [.init(source: "/x", destination: "/proc/self")]
                case "relative workdir": spec.workingDirectory = "tmp"
                case "no command": spec.command = []
                case "bad hostname": spec.hostname = String(repeating: "h", count: 65)
                case "missing source": spec.mounts = [.init(source: "/missing/dir", destination: "/data")]
                default: spec.mounts = [.init(source: "/x", destination: "/a/../proc")]
                }
            }
            Issue.record("\(testCase) was accepted")
        } catch let error as ContainerizerError {
            #expect(error.code == .invalidSpec)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("overlay lower directories that overlayfs cannot parse are refused")
    func overlayNames() {
        let spec = ContainerSpec(id: "c", rootfs: .overlay(lower: ["/a:b"]), command: ["/bin/true"])
        #expect(throws: ContainerizerError.self) {
            try ContainerPlanner.plan(spec, paths: .init(rootfsMountPoint: "/r", upper: "/u", work: "/w"), host: Self.host, seccomp: nil)
        }
    }

    @Test("device numbers are encoded as the kernel's makedev")
    func makedev() {
        #expect(ContainerPlanner.makeDevice(major: 1, minor: 3) == 0x103)
        #expect(ContainerPlanner.makeDevice(major: 136, minor: 300) == (136 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12))
    }
}
