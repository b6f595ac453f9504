// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import AsyncHTTPClient
import ButteOCI
import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Source: https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md (pull) and
// https://distribution.github.io/distribution/spec/auth/token/ (Bearer tokens)

/// A client for the registry API v2 (pull side) over AsyncHTTPClient: manifests, configs and streamed blobs.
///
/// It follows redirects itself so that `Authorization` is dropped as soon as the origin changes and never
/// restored later in the chain; it refuses https → http downgrades, answers Bearer and Basic challenges,
/// retries 5xx answers and broken connections with exponential backoff, resumes a broken blob with `Range`
/// (or restarts it when the registry ignores the range), and never fetches a descriptor's `urls`.
public final class RegistryClient: Sendable {
    /// The configuration in force.
    public let configuration: RegistryConfiguration
    private let http: HTTPClient
    let auth = RegistryAuth()

    /// Creates a client.
    public init(configuration: RegistryConfiguration = RegistryConfiguration()) {
        self.configuration = configuration
        self.http = RegistryHTTP.client(connect: configuration.limits.connectTimeout, stall: configuration.limits.stallTimeout)
    }

    private var limits: RegistryLimits { configuration.limits }

    /// The endpoints to try for a reference: Docker Hub's mirrors first, then the registry itself.
    public func endpoints(for reference: ImageReference) -> [RegistryEndpoint] {
        let own = configuration.endpoint(forDomain: reference.domain, registryHost: reference.registryHost)
        if reference.domain == ImageReference.dockerHubDomain { return configuration.mirrors + [own] }
        return [own]
    }

    /// How many Bearer tokens this client fetched.
    public var tokensFetched: Int {
        get async { await auth.tokensFetched }
    }

    // MARK: Resolution

    /// Fetches the manifest of `reference` (choosing from an index by `platform`) and its config, verifying both.
    /// - Throws: `ImageError`; OCI document problems (schema 1, no matching platform) come wrapped with `.registry`
    ///   and the `OCIError` as the underlying error.
    public func resolve(_ reference: ImageReference, platform: Platform) async throws -> ResolvedImage {
        var lastError: (any Error)?
        for endpoint in endpoints(for: reference) {
            do {
                return try await resolve(reference, platform: platform, at: endpoint)
            } catch let e as ImageError
                where [.network, .timeout, .notFound, .registry].contains(e.code) && endpoint.authority != reference.registryHost
            {
                lastError = e  // a mirror failed: fall back to the next endpoint
            }
        }
        throw lastError ?? ImageError(.registry, "no endpoint serves \(reference)")
    }

    private func resolve(_ reference: ImageReference, platform: Platform, at endpoint: RegistryEndpoint) async throws -> ResolvedImage {
        let repository = reference.path
        var (document, digest, bytes) = try await fetchManifest(
            reference.manifestReference, expected: reference.digest, repository: repository, at: endpoint)
        var indexDigest: Digest?
        var indexBytes: [UInt8]?
        if case .index(let index) = document {
            let chosen: Descriptor
            do {
                chosen = try index.manifest(for: platform)
            } catch {
                throw ImageError(.notFound, "\(reference): \(error.message)", underlying: error)
            }
            indexDigest = digest
            indexBytes = bytes
            (document, digest, bytes) = try await fetchManifest(
                chosen.digest.description, expected: chosen.digest, repository: repository, at: endpoint)
            guard Int64(bytes.count) == chosen.size else {
                throw ImageError(.verification, "manifest \(chosen.digest) is \(bytes.count) bytes, the index says \(chosen.size)")
            }
        }
        guard case .manifest(let manifest) = document else {
            throw ImageError(.registry, "\(reference): an index points to another index (\(digest)); nested indexes are not followed")
        }
        do {
            try manifest.validateRunnable()
        } catch {
            throw ImageError(.registry, "\(reference): \(error.message)", underlying: error)
        }
        guard manifest.layers.count <= limits.maxLayers else {
            throw ImageError(.limitExceeded, "\(reference) has \(manifest.layers.count) layers, more than the limit of \(limits.maxLayers)")
        }
        for layer in manifest.layers where layer.size > limits.maxLayerBytes {
            throw ImageError(
                .limitExceeded, "layer \(layer.digest) of \(reference) is \(layer.size) bytes, more than the limit of \(limits.maxLayerBytes)")
        }
        guard manifest.config.size <= Int64(limits.maxConfigBytes) else {
            throw ImageError(
                .limitExceeded,
                "config \(manifest.config.digest) of \(reference) is \(manifest.config.size) bytes, more than the limit of \(limits.maxConfigBytes)"
            )
        }
        let configBytes = try await fetchSmallBlob(manifest.config, repository: repository, at: endpoint)
        let config: ImageConfig
        do {
            config = try ImageDocument.parseConfig(configBytes)
        } catch {
            throw ImageError(.registry, "config \(manifest.config.digest) of \(reference): \(error.message)", underlying: error)
        }
        guard config.rootfs.diffIDs.count == manifest.layers.count else {
            throw ImageError(
                .registry,
                "\(reference): the config lists \(config.rootfs.diffIDs.count) diff IDs for \(manifest.layers.count) layers"
            )
        }
        return ResolvedImage(
            reference: reference,
            endpoint: endpoint,
            indexDigest: indexDigest,
            indexBytes: indexBytes,
            manifestDigest: digest,
            manifestBytes: bytes,
            manifest: manifest,
            configBytes: configBytes,
            config: config
        )
    }

    /// Fetches and parses a manifest or index by tag or digest, verifying the digest over the exact bytes.
    func fetchManifest(
        _ tagOrDigest: String,
        expected: Digest?,
        repository: String,
        at endpoint: RegistryEndpoint
    ) async throws -> (ImageDocument, Digest, [UInt8]) {
        let what = "manifest \(repository):\(tagOrDigest) on \(endpoint.authority)"
        let accept = MediaType.manifestAccept.map(\.rawValue) + [MediaType.dockerSchema1SignedManifest.rawValue + ";q=0.1"]
        let (headers, body) = try await fetchSmall(
            path: "/v2/\(repository)/manifests/\(tagOrDigest)",
            accept: accept.joined(separator: ", "),
            limit: limits.maxManifestBytes,
            what: what,
            repository: repository,
            at: endpoint
        )
        let contentType = headers.first(name: "content-type").map { MediaType($0) }
        let parsed: (document: ImageDocument, digest: Digest)
        do {
            parsed = try ImageDocument.parse(body, contentType: contentType)
        } catch {
            throw ImageError(.registry, "\(what): \(error.message)", underlying: error)
        }
        var digest = parsed.digest
        if let expected {
            if expected.algorithm != .sha256 { digest = Digest.compute(expected.algorithm, of: body) }
            guard digest == expected else {
                throw ImageError(.verification, "\(what): content digest mismatch: expected \(expected), got \(digest)")
            }
        }
        if let header = headers.first(name: "docker-content-digest"), let announced = try? Digest(parsing: header) {
            let ours = announced.algorithm == digest.algorithm ? digest : Digest.compute(announced.algorithm, of: body)
            guard ours == announced else {
                throw ImageError(.verification, "\(what): the registry announced digest \(announced) but the content is \(ours)")
            }
        }
        return (parsed.document, digest, body)
    }

    /// Fetches a small blob (a config) in full and verifies it.
    func fetchSmallBlob(_ descriptor: Descriptor, repository: String, at endpoint: RegistryEndpoint) async throws -> [UInt8] {
        let what = "blob \(descriptor.digest) of \(repository) on \(endpoint.authority)"
        let (_, body) = try await fetchSmall(
            path: "/v2/\(repository)/blobs/\(descriptor.digest)",
            accept: nil,
            limit: Int(min(descriptor.size, Int64(limits.maxConfigBytes))),
            what: what,
            repository: repository,
            at: endpoint
        )
        var verifier = DigestVerifier(expected: descriptor.digest, size: descriptor.size)
        do {
            try verifier.update(body)
            try verifier.verify()
        } catch {
            throw ImageError(.verification, "\(what): \(error.message)", underlying: error)
        }
        return body
    }

    // MARK: Blobs

    /// Streams a blob to `write`, resuming with `Range` after a broken connection.
    ///
    /// When the registry answers a ranged request with the whole blob, `restart` is called and the blob is
    /// delivered again from its first byte; `write` must then start over.
    /// - Throws: `ImageError`; errors thrown by `write` or `restart` end the download at once.
    public func fetchBlob(
        _ descriptor: Descriptor,
        repository: String,
        from endpoint: RegistryEndpoint,
        write: (ByteBuffer) throws -> Void,
        restart: () throws -> Void
    ) async throws {
        let what = "blob \(descriptor.digest) of \(repository) on \(endpoint.authority)"
        var received: Int64 = 0
        var failures = 0
        let deadline = NIODeadline.now() + TimeAmount(limits.blobTimeout)
        while true {
            var extra: [(String, String)] = []
            if received > 0 { extra.append(("Range", "bytes=\(received)-")) }
            let response: HTTPClientResponse
            do {
                response = try await open(
                    path: "/v2/\(repository)/blobs/\(descriptor.digest)",
                    headers: extra,
                    deadline: deadline,
                    what: what,
                    repository: repository,
                    at: endpoint
                )
            } catch let e as ImageError where Self.isRetryable(e) && failures < limits.retries {
                failures += 1
                try await backoff(failures)
                continue
            }
            switch response.status.code {
            case 200:
                if received > 0 {
                    try restart()
                    received = 0
                }
                if let length = response.headers.first(name: "content-length").flatMap({ Int64($0) }), length != descriptor.size {
                    await drain(response)
                    throw ImageError(.verification, "\(what): the registry sends \(length) bytes, the manifest says \(descriptor.size)")
                }
            case 206 where received > 0:
                let range = response.headers.first(name: "content-range") ?? ""
                guard range.hasPrefix("bytes \(received)-") else {
                    await drain(response)
                    throw ImageError(.registry, "\(what): asked to resume at byte \(received), the registry answered range \"\(range)\"")
                }
            default:
                try await fail(response, what: what)
            }
            do {
                for try await chunk in response.body {
                    if received + Int64(chunk.readableBytes) > descriptor.size {
                        throw ImageError(.verification, "\(what): the registry sends more than the \(descriptor.size) bytes the manifest says")
                    }
                    try write(chunk)
                    received += Int64(chunk.readableBytes)
                }
            } catch let e as ImageError {
                throw e
            } catch {
                let mapped = Self.map(error, what: "\(what) (after \(received) bytes)", timeouts: limits)
                guard failures < limits.retries, Self.isRetryable(mapped) else { throw mapped }
                failures += 1
                try await backoff(failures)
                continue
            }
            if received < descriptor.size {
                guard failures < limits.retries else {
                    throw ImageError(.network, "\(what): the body ended after \(received) of \(descriptor.size) bytes")
                }
                failures += 1
                try await backoff(failures)
                continue
            }
            return
        }
    }

    // MARK: HTTP

    /// GETs `path` and collects a body of at most `limit` bytes, retrying 5xx answers and broken connections.
    private func fetchSmall(
        path: String,
        accept: String?,
        limit: Int,
        what: String,
        repository: String,
        at endpoint: RegistryEndpoint
    ) async throws -> (HTTPHeaders, [UInt8]) {
        var failures = 0
        while true {
            do {
                let deadline = NIODeadline.now() + TimeAmount(limits.requestTimeout)
                let response = try await open(
                    path: path,
                    headers: accept.map { [("Accept", $0)] } ?? [],
                    deadline: deadline,
                    what: what,
                    repository: repository,
                    at: endpoint
                )
                guard response.status == .ok else { try await fail(response, what: what) }
                if let length = response.headers.first(name: "content-length").flatMap({ Int($0) }), length > limit {
                    await drain(response)
                    throw ImageError(.limitExceeded, "\(what) is \(length) bytes, more than the limit of \(limit)")
                }
                var body: [UInt8] = []
                do {
                    for try await chunk in response.body {
                        guard body.count + chunk.readableBytes <= limit else {
                            throw ImageError(.limitExceeded, "\(what) is more than the limit of \(limit) bytes")
                        }
                        body.append(contentsOf: chunk.readableBytesView)
                    }
                } catch let e as ImageError {
                    throw e
                } catch {
                    throw Self.map(error, what: what, timeouts: limits)
                }
                return (response.headers, body)
            } catch let e as ImageError where Self.isRetryable(e) && failures < limits.retries {
                failures += 1
                try await backoff(failures)
            }
        }
    }

    /// Sends a GET with the cached authorization, answers one 401 challenge, and follows redirects.
    /// - Returns: the response, whose body the caller must consume. 5xx answers are thrown as retryable errors.
    private func open(
        path: String,
        headers: [(String, String)],
        deadline: NIODeadline,
        what: String,
        repository: String,
        at endpoint: RegistryEndpoint
    ) async throws -> HTTPClientResponse {
        guard let url = URL(string: endpoint.baseURL + path) else {
            throw ImageError(.registry, "\(what): \(endpoint.baseURL + path) is not a valid URL")
        }
        var challenged = false
        while true {
            let authorization = await auth.authorization(authority: endpoint.authority, repository: repository)
            let (response, crossedOrigin) = try await follow(url, headers: headers, authorization: authorization, deadline: deadline, what: what)
            if response.status == .unauthorized && !crossedOrigin {
                // Not the canonical form: it would split the challenge at the commas between its parameters.
                let values = response.headers["www-authenticate"]
                await drain(response)
                if challenged {
                    let who = configuration.credentials(forAuthority: endpoint.authority).map { "with \($0)" } ?? "anonymously"
                    throw ImageError(.authentication, "\(what): the registry refused access \(who)")
                }
                challenged = true
                try await answer(try AuthChallenge.parse(values), endpoint: endpoint, repository: repository, what: what)
                continue
            }
            if (500...599).contains(Int(response.status.code)) || response.status == .tooManyRequests {
                await drain(response)
                throw ImageError(.registry, "\(what): the registry answered HTTP \(response.status.code)", underlying: RetryableStatus())
            }
            return response
        }
    }

    /// Follows up to `maxRedirects` redirects; `Authorization` is sent only while the origin is the first one.
    private func follow(
        _ start: URL,
        headers: [(String, String)],
        authorization: String?,
        deadline: NIODeadline,
        what: String
    ) async throws -> (HTTPClientResponse, crossedOrigin: Bool) {
        guard let origin = Origin(start) else { throw ImageError(.registry, "\(what): \(start) is not an http(s) URL") }
        var url = start
        var sameOrigin = true
        for _ in 0...limits.maxRedirects {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: configuration.userAgent)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            // Once the chain has left the first origin, credentials are never sent again, even if it comes back.
            if sameOrigin, let authorization { request.headers.add(name: "Authorization", value: authorization) }
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: deadline)
            } catch {
                throw Self.map(error, what: what, timeouts: limits)
            }
            guard [301, 302, 303, 307, 308].contains(response.status.code) else { return (response, !sameOrigin) }
            let location = response.headers.first(name: "location") ?? ""
            await drain(response)
            guard let next = URL(string: location, relativeTo: url)?.absoluteURL, let nextOrigin = Origin(next) else {
                throw ImageError(.registry, "\(what): redirect to \"\(location)\", which is not an http(s) URL")
            }
            if let current = Origin(url), current.scheme == "https", nextOrigin.scheme == "http" {
                throw ImageError(.registry, "\(what): refusing the redirect from https to plain http (\(nextOrigin))")
            }
            if nextOrigin != origin { sameOrigin = false }
            url = next
        }
        throw ImageError(.registry, "\(what): more than \(limits.maxRedirects) redirects")
    }

    /// Answers a 401: fetches a Bearer token, or prepares Basic credentials.
    private func answer(_ challenges: [AuthChallenge], endpoint: RegistryEndpoint, repository: String, what: String) async throws {
        guard let registryOrigin = URL(string: endpoint.baseURL).flatMap(Origin.init) else {
            throw ImageError(.registry, "\(endpoint) is not a valid registry URL")
        }
        let credentials = configuration.credentials(forAuthority: endpoint.authority)
        if let bearer = challenges.first(where: { $0.scheme == "bearer" }) {
            let (token, expiresIn) = try await fetchToken(bearer, credentials: credentials, repository: repository, what: what)
            await auth.storeToken(authority: endpoint.authority, challenge: bearer, repository: repository, token: token, expiresIn: expiresIn)
            return
        }
        if let basic = challenges.first(where: { $0.scheme == "basic" }) {
            guard let credentials else {
                throw ImageError(.authentication, "\(what): the registry wants credentials; pass --registry-auth USER:PASSWORD or log in with docker")
            }
            guard configuration.maySendSecrets(to: registryOrigin) else {
                throw ImageError(.authentication, "\(what): refusing to send credentials over plain http to \(registryOrigin)")
            }
            await auth.rememberBasic(authority: endpoint.authority, challenge: basic, credentials: credentials)
            return
        }
        let schemes = challenges.map(\.scheme).joined(separator: ", ")
        throw ImageError(
            .authentication, "\(what): the registry wants authentication (\(schemes.isEmpty ? "no challenge given" : schemes)) Butte cannot answer")
    }

    private struct TokenResponse: Decodable {
        var token: String?
        var accessToken: String?
        var expiresIn: Int?
        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
    }

    /// `GET realm?service=…&scope=…`, with Basic credentials when there are some and the realm may receive them.
    private func fetchToken(
        _ challenge: AuthChallenge,
        credentials: RegistryCredentials?,
        repository: String,
        what: String
    ) async throws -> (String, Duration) {
        guard let realm = challenge.realm, var components = URLComponents(string: realm), let realmURL = URL(string: realm),
            let realmOrigin = Origin(realmURL)
        else {
            throw ImageError(.authentication, "\(what): the Bearer challenge has no usable realm")
        }
        guard configuration.maySendSecrets(to: realmOrigin) else {
            throw ImageError(.authentication, "\(what): the token realm \(realm) is not https; refusing to use it")
        }
        var items = components.queryItems ?? []
        if let service = challenge.parameters["service"] { items.append(URLQueryItem(name: "service", value: service)) }
        var scopes = [RegistryAuth.scope(repository: repository)]
        for s in (challenge.parameters["scope"] ?? "").split(separator: " ").map(String.init) where !scopes.contains(s) { scopes.append(s) }
        for s in scopes { items.append(URLQueryItem(name: "scope", value: s)) }
        components.queryItems = items
        guard let url = components.url else { throw ImageError(.authentication, "\(what): cannot build a token URL from realm \(realm)") }
        var failures = 0
        while true {
            do {
                let deadline = NIODeadline.now() + TimeAmount(limits.requestTimeout)
                let (response, _) = try await follow(
                    url,
                    headers: [("Accept", "application/json")],
                    authorization: credentials?.basicAuthorization,
                    deadline: deadline,
                    what: "token from \(realmOrigin)"
                )
                if (500...599).contains(Int(response.status.code)) {
                    await drain(response)
                    throw ImageError(.registry, "token server \(realmOrigin) answered HTTP \(response.status.code)", underlying: RetryableStatus())
                }
                guard response.status == .ok else {
                    await drain(response)
                    let who = credentials.map { "with \($0)" } ?? "anonymously"
                    throw ImageError(
                        .authentication, "\(what): the token server \(realmOrigin) refused a token \(who) (HTTP \(response.status.code))")
                }
                let body: ByteBuffer
                do {
                    body = try await response.body.collect(upTo: 1 << 20)
                } catch {
                    throw Self.map(error, what: "token from \(realmOrigin)", timeouts: limits)
                }
                guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(body.readableBytesView)),
                    let token = decoded.token ?? decoded.accessToken, !token.isEmpty
                else {
                    throw ImageError(.authentication, "\(what): the token server \(realmOrigin) sent no token")
                }
                let seconds = decoded.expiresIn.flatMap { $0 > 0 ? $0 : nil } ?? 60
                // Renew a little early so that a token does not expire in flight.
                return (token, .seconds(max(seconds - 5, 1)))
            } catch let e as ImageError where Self.isRetryable(e) && failures < limits.retries {
                failures += 1
                try await backoff(failures)
            }
        }
    }

    // MARK: Helpers

    /// Marks a registry error as worth retrying (a 5xx or 429 answer).
    struct RetryableStatus: Error, CustomStringConvertible {
        var description: String { "retried with backoff" }
    }

    private func fail(_ response: HTTPClientResponse, what: String) async throws -> Never {
        let body = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
        let detail = Self.registryMessage(body).map { ": \($0)" } ?? ""
        switch response.status.code {
        case 404: throw ImageError(.notFound, "\(what): not found\(detail)")
        case 401, 403: throw ImageError(.authentication, "\(what): access denied (HTTP \(response.status.code))\(detail)")
        default: throw ImageError(.registry, "\(what): the registry answered HTTP \(response.status.code)\(detail)")
        }
    }

    /// The first message of a distribution error body (`{"errors":[{"code":…,"message":…}]}`).
    static func registryMessage(_ body: String) -> String? {
        struct Errors: Decodable {
            struct Item: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Item]?
        }
        guard let decoded = try? JSONDecoder().decode(Errors.self, from: Data(body.utf8)), let first = decoded.errors?.first else { return nil }
        return [first.code, first.message].compactMap { $0 }.joined(separator: ": ")
    }

    private func drain(_ response: HTTPClientResponse) async {
        _ = try? await response.body.collect(upTo: 1 << 20)
    }

    private func backoff(_ failures: Int) async throws {
        let factor = 1 << min(failures - 1, 8)
        try await Task.sleep(for: limits.retryDelay * factor)
    }

    static func isRetryable(_ error: ImageError) -> Bool {
        if error.code == .network || error.code == .timeout { return true }
        return error.code == .registry && error.underlying is RetryableStatus
    }

    static func map(_ error: any Error, what: String, timeouts: RegistryLimits) -> ImageError {
        if let e = error as? ImageError { return e }
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return ImageError(.timeout, "\(what): connecting took longer than \(timeouts.connectTimeout)", underlying: e)
            case .readTimeout: return ImageError(.timeout, "\(what): the registry sent nothing for \(timeouts.stallTimeout)", underlying: e)
            case .deadlineExceeded: return ImageError(.timeout, "\(what): the request took too long", underlying: e)
            default: break
            }
        }
        if error is CancellationError { return ImageError(.network, "\(what): cancelled", underlying: error) }
        return ImageError(.network, "\(what): \(error)", underlying: error)
    }
}

/// One HTTP client per pair of timeouts, shared by every `RegistryClient` of the process and never shut down
/// (like AsyncHTTPClient's own shared client). Redirects are off: `RegistryClient` follows them itself.
enum RegistryHTTP {
    private static let clients = Mutex<[String: HTTPClient]>([:])

    static func client(connect: Duration, stall: Duration) -> HTTPClient {
        let key = "\(connect)/\(stall)"
        return clients.withLock { clients in
            if let c = clients[key] { return c }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: TimeAmount(connect), read: TimeAmount(stall)),
                decompression: .disabled
            )
            configuration.httpVersion = .automatic
            let c = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[key] = c
            return c
        }
    }
}
