// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// Caps and timeouts that keep a hostile or broken registry from exhausting memory, disk or time.
public struct RegistryLimits: Sendable, Hashable {
    /// The largest manifest or index body accepted.
    public var maxManifestBytes: Int
    /// The largest image config blob accepted.
    public var maxConfigBytes: Int
    /// The most layers an image may have (moby stops at the same depth).
    public var maxLayers: Int
    /// The largest layer, compressed as declared by its descriptor, or uncompressed.
    public var maxLayerBytes: Int64
    /// Uncompressed bytes allowed per compressed byte of a layer.
    public var maxCompressionRatio: Int64
    /// How long to wait for a TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// How long a response may stay silent before the connection counts as broken.
    public var stallTimeout: Duration
    /// How long a whole manifest, config or token request may take.
    public var requestTimeout: Duration
    /// How long a whole blob download may take.
    public var blobTimeout: Duration
    /// How many times a request is retried after a 5xx answer or a broken connection.
    public var retries: Int
    /// The first delay between retries; it doubles each time.
    public var retryDelay: Duration
    /// The most redirects followed for one request.
    public var maxRedirects: Int
    /// How many layers are downloaded and unpacked at once.
    public var parallelLayers: Int

    /// Creates limits; the defaults suit public registries.
    public init(
        maxManifestBytes: Int = 4 << 20,
        maxConfigBytes: Int = 4 << 20,
        maxLayers: Int = 125,
        maxLayerBytes: Int64 = 64 << 30,
        maxCompressionRatio: Int64 = 1000,
        connectTimeout: Duration = .seconds(15),
        stallTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(120),
        blobTimeout: Duration = .seconds(3600),
        retries: Int = 4,
        retryDelay: Duration = .milliseconds(250),
        maxRedirects: Int = 10,
        parallelLayers: Int = 3
    ) {
        self.maxManifestBytes = maxManifestBytes
        self.maxConfigBytes = maxConfigBytes
        self.maxLayers = maxLayers
        self.maxLayerBytes = maxLayerBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.requestTimeout = requestTimeout
        self.blobTimeout = blobTimeout
        self.retries = retries
        self.retryDelay = retryDelay
        self.maxRedirects = maxRedirects
        self.parallelLayers = parallelLayers
    }
}
