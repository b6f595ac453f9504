// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A container image.
public struct Image: Codable, Hashable, Sendable {
    /// DOCKER or APPC.
    public var type: Kind

    /// An AppC image.
    public var appc: Appc?

    /// A Docker/OCI image.
    public var docker: Docker?

    /// Use a cached copy when present (default true).
    public var cached: Bool?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        type: Kind,
        appc: Appc? = nil,
        docker: Docker? = nil,
        cached: Bool? = nil
    ) {
        self.type = type
        self.appc = appc
        self.docker = docker
        self.cached = cached
    }

    enum CodingKeys: String, CodingKey {
        case type
        case appc
        case docker
        case cached
    }
}

extension Image {
    /// Image formats.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `APPC`.
        public static let appc = Self(rawValue: "APPC")
        /// `DOCKER`.
        public static let docker = Self(rawValue: "DOCKER")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .appc,
            .docker,
        ]
    }
}

extension Image {
    /// An AppC image.
    public struct Appc: Codable, Hashable, Sendable {
        /// Image name.
        public var name: String

        /// Image id.
        public var id: String?

        /// Image labels.
        public var labels: Labels?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            name: String,
            id: String? = nil,
            labels: Labels? = nil
        ) {
            self.name = name
            self.id = id
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case name
            case id
            case labels
        }
    }
}

extension Image {
    /// A Docker/OCI image.
    public struct Docker: Codable, Hashable, Sendable {
        /// Reference, e.g. `library/nginx:1.25`.
        public var name: String

        /// Registry credentials (docker config JSON).
        public var config: Secret?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            name: String,
            config: Secret? = nil
        ) {
            self.name = name
            self.config = config
        }

        enum CodingKeys: String, CodingKey {
            case name
            case config
        }
    }
}
