// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A resource on the wire: name, typed value and role/reservation data.
///
/// All of Mesos' input forms are accepted unchanged: the legacy `role` (+ `reservation`) form, the refinement form
/// (`reservations`), with or without `allocation_info`. Nothing is normalised here.
public struct Resource: Codable, Hashable, Sendable {
    /// Resource provider that owns this resource.
    public var providerID: ResourceProviderID?

    /// Resource name, e.g. `cpus`, `mem`, `disk`, `ports`, `gpus`.
    public var name: String

    /// Which of `scalar`, `ranges`, `set` carries the value.
    public var type: Value.Kind

    /// Value of a SCALAR resource.
    public var scalar: Value.Scalar?

    /// Value of a RANGES resource.
    public var ranges: Value.Ranges?

    /// Value of a SET resource.
    public var set: Value.Set?

    /// Deprecated legacy role (`*` = unreserved).
    public var role: String?

    /// Role the resource is allocated to (MULTI_ROLE frameworks only).
    public var allocationInfo: AllocationInfo?

    /// Legacy dynamic reservation data (with `role`).
    public var reservation: ReservationInfo?

    /// Reservation stack of the refinement form, outermost first.
    public var reservations: [ReservationInfo]

    /// Persistent volume / disk source data of a `disk` resource.
    public var disk: DiskInfo?

    /// Present when the resource is revocable.
    public var revocable: Revocable?

    /// Present when the resource is shared.
    public var shared: Shared?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        providerID: ResourceProviderID? = nil,
        name: String,
        type: Value.Kind,
        scalar: Value.Scalar? = nil,
        ranges: Value.Ranges? = nil,
        set: Value.Set? = nil,
        role: String? = nil,
        allocationInfo: AllocationInfo? = nil,
        reservation: ReservationInfo? = nil,
        reservations: [ReservationInfo] = [],
        disk: DiskInfo? = nil,
        revocable: Revocable? = nil,
        shared: Shared? = nil
    ) {
        self.providerID = providerID
        self.name = name
        self.type = type
        self.scalar = scalar
        self.ranges = ranges
        self.set = set
        self.role = role
        self.allocationInfo = allocationInfo
        self.reservation = reservation
        self.reservations = reservations
        self.disk = disk
        self.revocable = revocable
        self.shared = shared
    }

    enum CodingKeys: String, CodingKey {
        case providerID = "provider_id"
        case name
        case type
        case scalar
        case ranges
        case set
        case role
        case allocationInfo = "allocation_info"
        case reservation
        case reservations
        case disk
        case revocable
        case shared
    }
}

extension Resource {
    /// The role a resource is allocated to.
    public struct AllocationInfo: Codable, Hashable, Sendable {
        /// The role.
        public var role: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            role: String? = nil
        ) {
            self.role = role
        }

        enum CodingKeys: String, CodingKey {
            case role
        }
    }
}

extension Resource {
    /// One reservation of a resource.
    public struct ReservationInfo: Codable, Hashable, Sendable {
        /// STATIC or DYNAMIC (refinement form only).
        public var type: Kind?

        /// Role reserved for (refinement form only).
        public var role: String?

        /// Principal that made a dynamic reservation.
        public var principal: String?

        /// Reservation labels.
        public var labels: Labels?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind? = nil,
            role: String? = nil,
            principal: String? = nil,
            labels: Labels? = nil
        ) {
            self.type = type
            self.role = role
            self.principal = principal
            self.labels = labels
        }

        enum CodingKeys: String, CodingKey {
            case type
            case role
            case principal
            case labels
        }
    }
}

extension Resource.ReservationInfo {
    /// Kind of reservation.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `STATIC`.
        public static let staticReservation = Self(rawValue: "STATIC")
        /// `DYNAMIC`.
        public static let dynamicReservation = Self(rawValue: "DYNAMIC")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .staticReservation,
            .dynamicReservation,
        ]
    }
}

extension Resource {
    /// Disk-specific resource data.
    public struct DiskInfo: Codable, Hashable, Sendable {
        /// Set for a persistent volume.
        public var persistence: Persistence?

        /// Where the volume is mounted in the container.
        public var volume: Volume?

        /// Backing disk, when not the agent's root disk.
        public var source: Source?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            persistence: Persistence? = nil,
            volume: Volume? = nil,
            source: Source? = nil
        ) {
            self.persistence = persistence
            self.volume = volume
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case persistence
            case volume
            case source
        }
    }
}

extension Resource.DiskInfo {
    /// Identity of a persistent volume.
    public struct Persistence: Codable, Hashable, Sendable {
        /// Volume id.
        public var id: String

        /// Creator.
        public var principal: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            id: String,
            principal: String? = nil
        ) {
            self.id = id
            self.principal = principal
        }

        enum CodingKeys: String, CodingKey {
            case id
            case principal
        }
    }
}

extension Resource.DiskInfo {
    /// Backing disk of a disk resource.
    public struct Source: Codable, Hashable, Sendable {
        /// Kind of disk.
        public var type: Kind

        /// Root of a PATH disk.
        public var path: Root?

        /// Root of a MOUNT disk.
        public var mount: Root?

        /// Provider-specific disk id.
        public var id: String?

        /// Disk profile name.
        public var profile: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            type: Kind,
            path: Root? = nil,
            mount: Root? = nil,
            id: String? = nil,
            profile: String? = nil
        ) {
            self.type = type
            self.path = path
            self.mount = mount
            self.id = id
            self.profile = profile
        }

        enum CodingKeys: String, CodingKey {
            case type
            case path
            case mount
            case id
            case profile
        }
    }
}

extension Resource.DiskInfo.Source {
    /// Kind of backing disk.
    public struct Kind: ProtocolEnum {
        /// The Mesos name of the value, e.g. as it appears in JSON.
        public let rawValue: String

        /// Wraps a Mesos name; names unknown to Butte are representable but not ``isKnown``.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `UNKNOWN`.
        public static let unknown = Self(rawValue: "UNKNOWN")
        /// `PATH`.
        public static let path = Self(rawValue: "PATH")
        /// `BLOCK`.
        public static let block = Self(rawValue: "BLOCK")
        /// `MOUNT`.
        public static let mount = Self(rawValue: "MOUNT")
        /// `RAW`.
        public static let raw = Self(rawValue: "RAW")

        /// Every value this version of Butte knows.
        public static let known: Swift.Set<Self> = [
            .unknown,
            .path,
            .block,
            .mount,
            .raw,
        ]
    }
}

extension Resource.DiskInfo.Source {
    /// Root directory of a PATH or MOUNT disk.
    public struct Root: Codable, Hashable, Sendable {
        /// The directory.
        public var root: String?

        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init(
            root: String? = nil
        ) {
            self.root = root
        }

        enum CodingKeys: String, CodingKey {
            case root
        }
    }
}

extension Resource {
    /// Marker: the resource may be revoked at any time.
    public struct Revocable: Codable, Hashable, Sendable {
        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init() {}
    }
}

extension Resource {
    /// Marker: the resource may be used by several tasks at once.
    public struct Shared: Codable, Hashable, Sendable {
        /// Creates a value; optional fields default to unset and repeated fields to empty.
        public init() {}
    }
}
