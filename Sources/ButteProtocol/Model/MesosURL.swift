// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

// Source: https://github.com/apache/mesos/blob/1.11.0/include/mesos/v1/mesos.proto (Mesos 1.11)
/// A URL split into parts, as Mesos sends it (`Offer.url` names the agent).
public struct MesosURL: Codable, Hashable, Sendable {
    /// Scheme, e.g. `http`.
    public var scheme: String

    /// Host and port.
    public var address: Address

    /// Path, e.g. `/slave(1)`.
    public var path: String?

    /// Query items.
    public var query: [Parameter]

    /// Fragment without `#`.
    public var fragment: String?

    /// Creates a value; optional fields default to unset and repeated fields to empty.
    public init(
        scheme: String,
        address: Address,
        path: String? = nil,
        query: [Parameter] = [],
        fragment: String? = nil
    ) {
        self.scheme = scheme
        self.address = address
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    enum CodingKeys: String, CodingKey {
        case scheme
        case address
        case path
        case query
        case fragment
    }
}
