// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md
// Docker's config blob uses the same JSON names.

/// The image config blob: platform, default process and the diff IDs of the layers.
///
/// Nothing here selects host-side behaviour: labels, env and volumes are data for the container only.
public struct ImageConfig: Hashable, Sendable, Codable {
    /// The CPU architecture the image was built for.
    public var architecture: String
    /// The operating system the image was built for.
    public var os: String
    /// The CPU variant.
    public var variant: String?
    /// The operating system version.
    public var osVersion: String?
    /// When the image was created (RFC 3339), as written.
    public var created: String?
    /// The author.
    public var author: String?
    /// The default process and its environment.
    public var config: ProcessConfig?
    /// The layers' uncompressed digests.
    public var rootfs: RootFS
    /// How each layer was built.
    public var history: [History]?

    private enum CodingKeys: String, CodingKey {
        case architecture, os, variant, created, author, config, rootfs, history
        case osVersion = "os.version"
    }

    /// Creates a config.
    public init(platform: Platform, config: ProcessConfig? = nil, diffIDs: [Digest]) {
        self.architecture = platform.architecture
        self.os = platform.os
        self.variant = platform.variant
        self.config = config
        self.rootfs = RootFS(type: "layers", diffIDs: diffIDs)
    }

    /// The platform the image was built for.
    public var platform: Platform {
        var p = Platform(os: os, architecture: architecture, variant: variant)
        p.osVersion = osVersion
        return p
    }

    /// The default process of a container (`config` in the JSON).
    public struct ProcessConfig: Hashable, Sendable, Codable {
        /// `user`, `uid`, `user:group` or `uid:gid`.
        public var user: String?
        /// Ports the image says it listens on (`80/tcp`).
        public var exposedPorts: [String]?
        /// `NAME=value` entries.
        public var env: [String]?
        /// The executable and its leading arguments.
        public var entrypoint: [String]?
        /// The default arguments (or command when there is no entrypoint).
        public var cmd: [String]?
        /// Paths the image expects a volume on.
        public var volumes: [String]?
        /// The working directory.
        public var workingDir: String?
        /// Arbitrary labels.
        public var labels: [String: String]?
        /// The signal that stops the container (`SIGTERM`, `15`).
        public var stopSignal: String?

        private enum CodingKeys: String, CodingKey {
            case user = "User"
            case exposedPorts = "ExposedPorts"
            case env = "Env"
            case entrypoint = "Entrypoint"
            case cmd = "Cmd"
            case volumes = "Volumes"
            case workingDir = "WorkingDir"
            case labels = "Labels"
            case stopSignal = "StopSignal"
        }

        /// An empty JSON object, the value of each `ExposedPorts` and `Volumes` entry.
        private struct Empty: Codable {}

        /// Creates a process config.
        public init(
            user: String? = nil,
            exposedPorts: [String]? = nil,
            env: [String]? = nil,
            entrypoint: [String]? = nil,
            cmd: [String]? = nil,
            volumes: [String]? = nil,
            workingDir: String? = nil,
            labels: [String: String]? = nil,
            stopSignal: String? = nil
        ) {
            self.user = user
            self.exposedPorts = exposedPorts
            self.env = env
            self.entrypoint = entrypoint
            self.cmd = cmd
            self.volumes = volumes
            self.workingDir = workingDir
            self.labels = labels
            self.stopSignal = stopSignal
        }

        /// Decodes the Docker/OCI shape, where ports and volumes are objects keyed by name.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            user = try c.decodeIfPresent(String.self, forKey: .user)
            exposedPorts = try c.decodeIfPresent([String: Empty].self, forKey: .exposedPorts).map { $0.keys.sorted() }
            env = try c.decodeIfPresent([String].self, forKey: .env)
            entrypoint = try c.decodeIfPresent([String].self, forKey: .entrypoint)
            cmd = try c.decodeIfPresent([String].self, forKey: .cmd)
            volumes = try c.decodeIfPresent([String: Empty].self, forKey: .volumes).map { $0.keys.sorted() }
            workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir)
            labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
            stopSignal = try c.decodeIfPresent(String.self, forKey: .stopSignal)
        }

        /// Encodes the Docker/OCI shape.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(user, forKey: .user)
            try c.encodeIfPresent(exposedPorts.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, Empty()) }) }, forKey: .exposedPorts)
            try c.encodeIfPresent(env, forKey: .env)
            try c.encodeIfPresent(entrypoint, forKey: .entrypoint)
            try c.encodeIfPresent(cmd, forKey: .cmd)
            try c.encodeIfPresent(volumes.map { Dictionary(uniqueKeysWithValues: $0.map { ($0, Empty()) }) }, forKey: .volumes)
            try c.encodeIfPresent(workingDir, forKey: .workingDir)
            try c.encodeIfPresent(labels, forKey: .labels)
            try c.encodeIfPresent(stopSignal, forKey: .stopSignal)
        }
    }

    /// The layer chain (`rootfs` in the JSON).
    public struct RootFS: Hashable, Sendable, Codable {
        /// Always `layers`.
        public var type: String
        /// The digest of each layer's uncompressed tar, base first.
        public var diffIDs: [Digest]

        private enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }

        /// Creates a rootfs section.
        public init(type: String, diffIDs: [Digest]) {
            self.type = type
            self.diffIDs = diffIDs
        }
    }

    /// One step of the image's build history.
    public struct History: Hashable, Sendable, Codable {
        /// When the step ran.
        public var created: String?
        /// The command of the step.
        public var createdBy: String?
        /// A comment.
        public var comment: String?
        /// True when the step made no layer.
        public var emptyLayer: Bool?

        private enum CodingKeys: String, CodingKey {
            case created, comment
            case createdBy = "created_by"
            case emptyLayer = "empty_layer"
        }
    }
}
