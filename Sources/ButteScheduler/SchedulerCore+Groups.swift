// This file is part of Butte. SPDX-License-Identifier: Apache-2.0

import Foundation

extension SchedulerCore {
    /// Whether a group exists: the root, an explicitly created group, or a group holding apps.
    func groupExists(_ id: PathID) -> Bool {
        id.isRoot || explicitGroups.keys.contains { $0.isDescendant(of: id) }
            || apps.values.contains { !$0.deleting && $0.app.id.parent.isDescendant(of: id) }
    }

    func groupJSON(_ id: PathID, embed: Set<String>) -> JSON {
        let appStates = apps.values.filter { !$0.deleting && $0.app.id.parent == id }.sorted { $0.app.id < $1.app.id }
        var children: Set<PathID> = []
        let depth = id.segments.count + 1
        for state in apps.values where !state.deleting && state.app.id.segments.count > depth && state.app.id.isDescendant(of: id) {
            children.insert(PathID(segments: Array(state.app.id.segments.prefix(depth))))
        }
        for group in explicitGroups.keys where group.segments.count >= depth && group.isDescendant(of: id) {
            children.insert(PathID(segments: Array(group.segments.prefix(depth))))
        }
        let versions = appStates.map(\.app.version) + [explicitGroups[id] ?? Timestamp(milliseconds: 0)]
        let appEmbed = Self.embeds(embed.filter { $0.hasPrefix("group.apps.") }.map { String($0.dropFirst("group.apps.".count)) })
        return .object([
            "id": .string(id.description),
            "apps": .array(appStates.map { appJSON($0, embed: appEmbed) }),
            "groups": .array(children.sorted().map { groupJSON($0, embed: embed) }),
            "pods": .array([]),
            "dependencies": .array([]),
            "version": .string((versions.max() ?? Timestamp.now()).description),
        ])
    }

    /// `GET /v2/groups/{id}`.
    public func group(_ id: PathID, embed: [String]) throws(APIError) -> JSON {
        guard groupExists(id) else { throw APIError.notFound("Group '\(id)' does not exist") }
        return groupJSON(id, embed: Set(embed))
    }

    /// The apps a group body describes, with ids resolved against the group; nested groups included.
    func appsOfGroup(_ body: JSON, base: PathID, path: String, into result: inout [AppDefinition], groups: inout [PathID]) throws(APIError) {
        guard let members = body.objectValue else {
            throw ValidationDetail.error(message: "Invalid JSON", [(path.isEmpty ? "/" : path, "error.expected.jsobject")])
        }
        var id = base
        if let text = members["id"]?.stringValue {
            do {
                id = try PathID(text, base: base)
            } catch {
                throw ValidationDetail.error(message: "Object is not valid", [("\(path)/id", error.description)])
            }
        }
        groups.append(id)
        for (index, item) in (members["apps"]?.arrayValue ?? []).enumerated() {
            do {
                result.append(try AppDefinition.parse(item, options: options(base: id)))
            } catch {
                let details = (error.body["details"]?.arrayValue ?? []).map { detail in
                    ("\(path)/apps(\(index))\(detail["path"]?.stringValue ?? "")", detail["errors"]?.arrayValue?.first?.stringValue ?? "")
                }
                throw ValidationDetail.error(message: error.body["message"]?.stringValue ?? "Object is not valid", details)
            }
        }
        for (index, item) in (members["groups"]?.arrayValue ?? []).enumerated() {
            try appsOfGroup(item, base: id, path: "\(path)/groups(\(index))", into: &result, groups: &groups)
        }
    }

    /// `POST /v2/groups`.
    public func createGroup(_ body: JSON, force: Bool) throws(APIError) -> (PathID, Deployment) {
        var definitions: [AppDefinition] = []
        var groups: [PathID] = []
        try appsOfGroup(body, base: .root, path: "", into: &definitions, groups: &groups)
        guard let id = groups.first, !id.isRoot else {
            throw ValidationDetail.error(message: "Object is not valid", [("/id", "is required")])
        }
        if groupExists(id) {
            throw APIError(status: 409, message: "Group \(id) is already created. Use PUT to change this group.")
        }
        if apps[id].map({ !$0.deleting }) ?? false {
            throw APIError(status: 409, message: "An app with id [\(id)] already exists.")
        }
        let deployment = try deploy(definitions.map { ($0.id, $0) }, force: force)
        for group in groups { explicitGroups[group] = deployment.version }
        saveGroups()
        events.publish("group_change_success", ["groupId": .string(id.description), "version": .string(deployment.version.description)])
        return (id, deployment)
    }

    /// `PUT /v2/groups/{id}`: upsert apps, or `{"scaleBy": f}`.
    public func updateGroup(_ id: PathID, body: JSON, force: Bool) throws(APIError) -> Deployment {
        if let factor = body["scaleBy"]?.numberValue {
            guard groupExists(id) else { throw APIError.notFound("Group '\(id)' does not exist") }
            let changes = apps.values.filter { !$0.deleting && $0.app.id.isDescendant(of: id) }.map { state -> (PathID, AppDefinition?) in
                var app = state.app
                app.instances = Int((Double(app.instances) * factor).rounded(.up))
                return (app.id, app)
            }
            return try deploy(changes, force: force)
        }
        if let version = body["version"]?.stringValue {
            throw APIError.notFound("Group '\(id)' has no stored version \(version)")
        }
        var object = body.objectValue ?? [:]
        object["id"] = .string(id.description)
        var definitions: [AppDefinition] = []
        var groups: [PathID] = []
        try appsOfGroup(.object(object), base: .root, path: "", into: &definitions, groups: &groups)
        var changes: [(PathID, AppDefinition?)] = []
        for app in definitions {
            changes.append((app.id, try definition(for: app.id, body: app.json(), partial: false)))
        }
        let deployment = try deploy(changes, force: force)
        for group in groups where !group.isRoot { explicitGroups[group] = deployment.version }
        saveGroups()
        events.publish("group_change_success", ["groupId": .string(id.description), "version": .string(deployment.version.description)])
        return deployment
    }

    /// `DELETE /v2/groups/{id}`: removes the group and every app below it.
    public func deleteGroup(_ id: PathID, force: Bool) throws(APIError) -> Deployment {
        guard groupExists(id) else { throw APIError.notFound("Group '\(id)' does not exist") }
        let changes: [(PathID, AppDefinition?)] = apps.values.filter { !$0.deleting && $0.app.id.isDescendant(of: id) }.map { ($0.app.id, nil) }
        let deployment = try deploy(changes, force: force)
        explicitGroups = explicitGroups.filter { !$0.key.isDescendant(of: id) }
        saveGroups()
        return deployment
    }
}
