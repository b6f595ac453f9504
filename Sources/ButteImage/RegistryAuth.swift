// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

/// What a registry asked for, and the Bearer tokens it handed out, kept until they expire.
///
/// Tokens are cached per (realm, service, scope); the challenge each registry sent is remembered, so that
/// later requests (the blobs of a pull) carry the token at once instead of collecting a 401 first.
actor RegistryAuth {
    private struct Token {
        var value: String
        var expires: ContinuousClock.Instant
    }

    private var challenges: [String: AuthChallenge] = [:]
    private var tokens: [String: Token] = [:]
    private var basic: [String: RegistryCredentials] = [:]
    /// How many tokens were fetched (for tests and diagnostics).
    private(set) var tokensFetched = 0

    static func scope(repository: String) -> String { "repository:\(repository):pull" }

    static func key(_ challenge: AuthChallenge, scope: String) -> String {
        "\(challenge.realm ?? "")\n\(challenge.parameters["service"] ?? "")\n\(scope)"
    }

    /// The `Authorization` value to send to `authority` for `repository`, if one is known and still valid.
    func authorization(authority: String, repository: String) -> String? {
        guard let challenge = challenges[authority] else { return nil }
        switch challenge.scheme {
        case "basic":
            return basic[authority]?.basicAuthorization
        case "bearer":
            let key = Self.key(challenge, scope: Self.scope(repository: repository))
            guard let token = tokens[key] else { return nil }
            if token.expires <= .now {
                tokens[key] = nil
                return nil
            }
            return "Bearer \(token.value)"
        default:
            return nil
        }
    }

    func rememberBasic(authority: String, challenge: AuthChallenge, credentials: RegistryCredentials) {
        challenges[authority] = challenge
        basic[authority] = credentials
    }

    func storeToken(authority: String, challenge: AuthChallenge, repository: String, token: String, expiresIn: Duration) {
        challenges[authority] = challenge
        tokens[Self.key(challenge, scope: Self.scope(repository: repository))] = Token(value: token, expires: .now + expiresIn)
        tokensFetched += 1
    }
}
