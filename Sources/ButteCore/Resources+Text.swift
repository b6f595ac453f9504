// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

extension Resources {
    /// Parses an agent `--resources` value in either form: a JSON array of v1 Resource objects
    /// (when the text starts with `[`), or the text form `cpus:4;mem:2048;ports:[31000-32000];disks:{a,b};cpus(web):1`.
    ///
    /// - Parameters:
    ///   - text: the flag value.
    ///   - defaultRole: the role of resources that name none (the agent's `--default_role`).
    /// - Throws: `CoreError` with code `.invalidResources` naming the offending fragment.
    public static func parse(_ text: String, defaultRole: String = Resource.unreservedRole) throws(CoreError) -> Resources {
        if text.trimmed.hasPrefix("[") {
            return try parseJSON(text, defaultRole: defaultRole)
        }
        return try parseText(text, defaultRole: defaultRole)
    }

    /// Parses the Mesos text form `name(role):value;...`.
    ///
    /// A value starting with `[` is ranges, one starting with `{` is a set, anything else must be a
    /// non-negative decimal scalar. Blanks inside values are ignored and empty pieces between `;`
    /// are skipped, as in Mesos. The same name with different types is an error; the same name,
    /// role and type are summed.
    ///
    /// - Throws: `CoreError` (`.invalidResources`), e.g. `invalid scalar 'abc' for resource 'cpus'`.
    public static func parseText(_ text: String, defaultRole: String = Resource.unreservedRole) throws(CoreError) -> Resources {
        if let problem = Resource.roleProblem(defaultRole) {
            throw CoreError(.invalidResources, "invalid default role '\(defaultRole)': \(problem)")
        }
        var result = Resources()
        var kinds: [String: ResourceValue.Kind] = [:]
        for piece in text.pieces(separatedBy: ";") {
            let fragment = piece.trimmed
            if fragment.isEmpty { continue }
            let resource = try parseResource(fragment, defaultRole: defaultRole)
            if let known = kinds[resource.name], known != resource.kind {
                throw CoreError(
                    .invalidResources, "resource '\(resource.name)' appears with different types (\(known) and \(resource.kind))")
            }
            kinds[resource.name] = resource.kind
            result.add(resource)
        }
        return result
    }

    /// Parses one `name(role):value` fragment.
    private static func parseResource(_ fragment: String, defaultRole: String) throws(CoreError) -> Resource {
        guard let colon = fragment.firstIndex(of: ":") else {
            throw CoreError(.invalidResources, "invalid resource '\(fragment)': expected 'name:value' or 'name(role):value'")
        }
        let head = fragment[..<colon].trimmed
        let rawValue = String(fragment[fragment.index(after: colon)...])
        var name = head
        var role = defaultRole
        if let open = head.firstIndex(of: "(") {
            guard head.hasSuffix(")") else {
                throw CoreError(.invalidResources, "invalid resource '\(fragment)': expected 'name(role):value'")
            }
            name = head[..<open].trimmed
            role = String(head[head.index(after: open)..<head.index(before: head.endIndex)]).trimmed
        }
        guard !name.isEmpty else {
            throw CoreError(.invalidResources, "invalid resource '\(fragment)': the name is empty")
        }
        if name.contains(where: { $0 == ")" || $0 == "[" || $0 == "{" || $0.isWhitespace }) {
            throw CoreError(.invalidResources, "invalid resource name '\(name)' in '\(fragment)'")
        }
        if let problem = Resource.roleProblem(role) {
            throw CoreError(.invalidResources, "invalid role '\(role)' for resource '\(name)': \(problem)")
        }
        let value = try parseValue(rawValue, subject: "resource '\(name)'", code: .invalidResources)
        return Resource(name: name, role: role, value: value)
    }

    /// Parses a resource value: `[..]` ranges, `{..}` set, or a non-negative scalar.
    static func parseValue(_ raw: String, subject: String, code: CoreError.Code) throws(CoreError) -> ResourceValue {
        let compact = raw.withoutBlanks
        if compact.isEmpty {
            throw CoreError(code, "missing value for \(subject)")
        }
        if compact.hasPrefix("[") {
            return .ranges(try ValueRanges.parse(compact, subject: subject, code: code))
        }
        if compact.hasPrefix("{") {
            return .set(try parseSet(compact, subject: subject, code: code))
        }
        guard let scalar = Scalar(parsing: compact) else {
            throw CoreError(code, "invalid scalar '\(raw.trimmed)' for \(subject)")
        }
        guard scalar.thousandths >= 0 else {
            throw CoreError(code, "invalid scalar '\(raw.trimmed)' for \(subject): must not be negative")
        }
        return .scalar(scalar)
    }

    /// Parses `{a,b}` (blanks already removed).
    static func parseSet(_ compact: String, subject: String, code: CoreError.Code) throws(CoreError) -> Set<String> {
        guard compact.hasSuffix("}"), compact.count >= 2 else {
            throw CoreError(code, "invalid set '\(compact)' for \(subject): expected '{item,...}'")
        }
        var items = Set<String>()
        for item in compact.dropFirst().dropLast().pieces(separatedBy: ",") where !item.isEmpty {
            if item.contains(where: { "{}[]".contains($0) }) {
                throw CoreError(code, "invalid set item '\(item)' for \(subject)")
            }
            items.insert(item)
        }
        return items
    }
}
