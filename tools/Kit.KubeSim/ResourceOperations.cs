using System.Globalization;
using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;

namespace Kit.KubeSim;

/// <summary>The API verbs on one cluster's store, with kube-apiserver's semantics, independent of HTTP.</summary>
sealed class ResourceOperations(ObjectStore store)
{
    int nextIp = 10;

    public ObjectStore Store => store;

    public StoredObject Get(ResourceType type, string? ns, string name) =>
        store.Get(type, ns, name) ?? throw ApiException.NotFound(type, name);

    public List<StoredObject> List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields) =>
        [.. store.List(type, ns).Where(o => labels.Matches(o.LabelMap) && fields.Matches(o))];

    public StoredObject Create(ResourceType type, string? ns, JsonObject body, string manager, bool dryRun)
    {
        lock (store.Gate)
        {
            var metadata = Json.Metadata(body);
            var name = Json.Str(metadata, "name");
            if (string.IsNullOrEmpty(name) && Json.Str(metadata, "generateName") is { } prefix)
            {
                name = prefix + Names.Random(5);
            }

            if (string.IsNullOrEmpty(name))
            {
                throw ApiException.Invalid(type, "", "metadata.name", "Required value: name or generateName is required");
            }

            CheckTarget(type, ns, name, body);
            if (store.Get(type, ns, name) is not null)
            {
                throw ApiException.AlreadyExists(type, name);
            }

            metadata["name"] = name;
            metadata.Remove("managedFields");
            var entries = new List<ManagedFieldsEntry>();
            RecordUpdate(type, entries, null, body, manager, statusWrite: false);
            ManagedFieldsEntry.Write(body, entries);
            return Commit(type, ns, null, body, dryRun, statusWrite: false);
        }
    }

    public StoredObject Update(ResourceType type, string? ns, string name, JsonObject body, string manager, bool dryRun, bool statusWrite)
    {
        lock (store.Gate)
        {
            var live = Get(type, ns, name);
            CheckTarget(type, ns, name, body);
            var liveObj = live.Parse();
            CheckPrecondition(type, name, live, Json.Str(body, "metadata", "resourceVersion"));
            JsonObject candidate;
            if (statusWrite)
            {
                candidate = liveObj.DeepClone().AsObject();
                candidate["status"] = body["status"]?.DeepClone();
            }
            else
            {
                candidate = body;
            }

            var entries = ManagedFields(liveObj, candidate, statusWrite);
            RecordUpdate(type, entries, liveObj, candidate, manager, statusWrite);
            ManagedFieldsEntry.Write(candidate, entries);
            return Commit(type, ns, liveObj, candidate, dryRun, statusWrite);
        }
    }

    /// <summary>JSON merge, strategic merge or JSON patch; <paramref name="check"/> validates the patched object first.</summary>
    public StoredObject Patch(ResourceType type, string? ns, string name, string contentType, string body, string manager, bool force, bool dryRun, bool statusWrite, Action<JsonObject>? check = null)
    {
        lock (store.Gate)
        {
            if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
            {
                return Apply(type, ns, name, YamlJson.ParseObject(body), manager, force, dryRun, statusWrite);
            }

            var live = Get(type, ns, name);
            var liveObj = live.Parse();
            var candidate = liveObj.DeepClone().AsObject();
            JsonNode? patch;
            try
            {
                patch = Json.ParseLastWins(body);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw ApiException.BadRequest($"error decoding patch: {e.Message}");
            }

            switch (contentType)
            {
                case var t when t.StartsWith("application/merge-patch+json", StringComparison.Ordinal) && patch is JsonObject mp:
                    CheckPrecondition(type, name, live, Json.Str(mp, "metadata", "resourceVersion"));
                    Merging.MergePatch(candidate, mp);
                    break;
                case var t when t.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) && !BuiltInResources.Types.Contains(type):
                    // Custom resources have no patch strategies: kube-apiserver refuses strategic merge patch for them.
                    throw ApiException.UnsupportedMediaType(contentType);
                case var t when t.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) && patch is JsonObject sp:
                    CheckPrecondition(type, name, live, Json.Str(sp, "metadata", "resourceVersion"));
                    Merging.StrategicMerge(candidate, sp, SchemaOf(type));
                    break;
                case var t when t.StartsWith("application/json-patch+json", StringComparison.Ordinal) && patch is JsonArray jp:
                    Merging.JsonPatch(candidate, jp);
                    break;
                default:
                    throw ApiException.UnsupportedMediaType(ApiException.PatchMediaTypes);
            }

            check?.Invoke(candidate);
            Json.Metadata(candidate)["resourceVersion"] = Json.Str(liveObj, "metadata", "resourceVersion");
            if (statusWrite)
            {
                var status = candidate["status"]?.DeepClone();
                candidate = liveObj.DeepClone().AsObject();
                candidate["status"] = status;
            }

            var entries = ManagedFields(liveObj, candidate, statusWrite);
            RecordUpdate(type, entries, liveObj, candidate, manager, statusWrite);
            ManagedFieldsEntry.Write(candidate, entries);
            return Commit(type, ns, liveObj, candidate, dryRun, statusWrite);
        }
    }

    /// <summary>Server-side apply: field ownership per manager, conflicts unless forced, no write when nothing changes.</summary>
    public StoredObject Apply(ResourceType type, string? ns, string name, JsonObject applied, string manager, bool force, bool dryRun, bool statusWrite)
    {
        lock (store.Gate)
        {
            CheckApplied(type, name, applied);
            CheckTarget(type, ns, name, applied);
            var live = store.Get(type, ns, name);
            var liveObj = live?.Parse();
            var config = applied.DeepClone().AsObject();
            var configMetadata = Json.Metadata(config);
            if (live is not null)
            {
                CheckPrecondition(type, name, live, Json.Str(configMetadata, "resourceVersion"));
            }

            foreach (var key in new[] { "resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink" })
            {
                configMetadata.Remove(key);
            }

            if (type.HasStatus && !statusWrite)
            {
                config.Remove("status");
            }
            else if (statusWrite)
            {
                // The status subresource changes status only, as kube-apiserver's status strategies reset the rest.
                foreach (var key in config.Select(p => p.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata" or "status")).ToList())
                {
                    config.Remove(key);
                }

                config["metadata"] = new JsonObject { ["name"] = name };
            }

            var entries = liveObj is null ? [] : ManagedFieldsEntry.Read(liveObj);
            var candidate = FieldManager.Apply(type, liveObj, config, entries, manager, statusWrite ? "status" : null, SchemaOf(type), Scope(type, statusWrite), force);
            ManagedFieldsEntry.Write(candidate, entries);
            return Commit(type, ns, liveObj, candidate, dryRun, statusWrite);
        }
    }

    public StoredObject Delete(ResourceType type, string? ns, string name, string? propagation, string? uidPrecondition, string? rvPrecondition, bool dryRun)
    {
        lock (store.Gate)
        {
            var live = Get(type, ns, name);
            if (uidPrecondition is not null && uidPrecondition != live.Uid)
            {
                throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": Precondition failed: UID in precondition: {uidPrecondition}, UID in object meta: {live.Uid}");
            }

            CheckPrecondition(type, name, live, rvPrecondition);
            if (dryRun)
            {
                return live;
            }

            var gone = store.Remove(type, ns, name)!;
            if (propagation != "Orphan")
            {
                DeleteDependents(gone.Uid);
            }

            if (type == BuiltInResources.Namespace)
            {
                foreach (var obj in store.All().Where(o => o.Namespace == name))
                {
                    store.Remove(obj.Type, obj.Namespace, obj.Name);
                }
            }
            else if (type == BuiltInResources.Crd)
            {
                var obj = gone.Parse();
                var group = Json.Str(obj, "spec", "group");
                var plural = Json.Str(obj, "spec", "names", "plural");
                foreach (var cr in store.All().Where(o => o.Type.Group == group && o.Type.Plural == plural))
                {
                    store.Remove(cr.Type, cr.Namespace, cr.Name);
                }
            }

            return gone;
        }
    }

    void DeleteDependents(string uid)
    {
        foreach (var child in store.All().Where(o => o.OwnerUids.Contains(uid)))
        {
            if (store.Remove(child.Type, child.Namespace, child.Name) is { } removed)
            {
                DeleteDependents(removed.Uid);
            }
        }
    }

    /// <summary>Fills identity, generation, status and defaults, then stores the object unless nothing changed.</summary>
    StoredObject Commit(ResourceType type, string? ns, JsonObject? live, JsonObject candidate, bool dryRun, bool statusWrite)
    {
        candidate["apiVersion"] = type.ApiVersion;
        candidate["kind"] = type.Kind;
        var metadata = Json.Metadata(candidate);
        var liveMetadata = live is null ? null : Json.Metadata(live);
        var name = Json.Str(metadata, "name")!;
        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        metadata["uid"] = liveMetadata?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = liveMetadata?["creationTimestamp"]?.DeepClone() ?? Json.Now();
        metadata["resourceVersion"] = liveMetadata?["resourceVersion"]?.DeepClone();
        if (liveMetadata?["deletionTimestamp"] is null)
        {
            metadata.Remove("deletionTimestamp");
        }

        if (type.HasStatus && !statusWrite)
        {
            var status = live is null ? Defaults.InitialStatus(type, candidate) : live["status"]?.DeepClone();
            if (status is null)
            {
                candidate.Remove("status");
            }
            else
            {
                candidate["status"] = status;
            }

            if (type == BuiltInResources.Crd && status is JsonObject crdStatus)
            {
                crdStatus["acceptedNames"] = candidate["spec"]?["names"]?.DeepClone();
                crdStatus["storedVersions"] ??= new JsonArray((candidate["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)Json.Str(v, "name")).ToArray());
            }
        }

        if (live is null)
        {
            Defaults.Create(type, candidate);
        }
        else if (!statusWrite)
        {
            Defaults.Update(type, live, candidate);
        }

        Defaults.Apply(type, candidate, () => $"10.96.{nextIp / 250 % 250}.{nextIp++ % 250 + 1}");
        if (live is not null && !statusWrite)
        {
            Validation.Update(type, name, live, candidate);
        }

        if (!statusWrite)
        {
            Validation.Object(type, name, candidate);
        }

        if (type.HasGeneration)
        {
            var generation = Json.Int(liveMetadata, "generation") ?? 0;
            metadata["generation"] = live is null || SpecChanged(live, candidate) ? generation + 1 : generation;
        }
        else
        {
            metadata.Remove("generation");
        }

        foreach (var key in new[] { "labels", "annotations", "finalizers", "ownerReferences" })
        {
            // ObjectMeta's omitempty: an empty map or list is not stored.
            if (metadata[key] is JsonObject { Count: 0 } or JsonArray { Count: 0 } || (metadata.ContainsKey(key) && metadata[key] is null))
            {
                metadata.Remove(key);
            }
        }

        Order(candidate);
        if (live is not null && (Json.DeepEquals(live, candidate) || OnlyManagedFieldsTimesDiffer(live, candidate)))
        {
            return store.Get(type, ns, name)!;
        }

        if (dryRun)
        {
            metadata["resourceVersion"] ??= store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            return new StoredObject
            {
                Type = type, Namespace = ns, Name = name, Json = Json.Bytes(candidate), ResourceVersion = store.ResourceVersion,
                Uid = Json.Str(metadata, "uid")!, OwnerUids = [], Labels = null,
            };
        }

        return store.Put(type, candidate, live is null ? "ADDED" : "MODIFIED");
    }

    /// <summary>
    /// As kube-apiserver ignores a write whose only change is the time in managedFields (an unchanged re-apply
    /// a second later), the candidate is compared with the live object's times.
    /// </summary>
    static bool OnlyManagedFieldsTimesDiffer(JsonObject live, JsonObject candidate)
    {
        if (live["metadata"]?["managedFields"] is not JsonArray before || candidate["metadata"]?["managedFields"] is not JsonArray after || before.Count != after.Count)
        {
            return false;
        }

        var times = after.Select(e => e?["time"]?.DeepClone()).ToList();
        for (var i = 0; i < after.Count; i++)
        {
            if (after[i] is JsonObject entry)
            {
                entry["time"] = before[i]?["time"]?.DeepClone();
            }
        }

        if (Json.DeepEquals(live, candidate))
        {
            return true;
        }

        for (var i = 0; i < after.Count; i++)
        {
            if (after[i] is JsonObject entry)
            {
                entry["time"] = times[i];
            }
        }

        return false;
    }

    static bool SpecChanged(JsonObject live, JsonObject candidate)
    {
        var keys = live.Select(p => p.Key).Union(candidate.Select(p => p.Key)).Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind"));
        return keys.Any(k => !Json.DeepEquals(live[k], candidate[k]));
    }

    /// <summary>apiVersion, kind, metadata first, as the real server writes them.</summary>
    static void Order(JsonObject obj)
    {
        var rest = obj.Where(p => p.Key is not ("apiVersion" or "kind" or "metadata")).Select(p => p.Key).ToList();
        var ordered = new List<(string, JsonNode?)> { ("apiVersion", obj["apiVersion"]), ("kind", obj["kind"]), ("metadata", obj["metadata"]) };
        ordered.AddRange(rest.Select(k => (k, obj[k])));
        obj.Clear();
        foreach (var (key, value) in ordered)
        {
            obj[key] = value;
        }
    }

    void CheckTarget(ResourceType type, string? ns, string name, JsonObject body)
    {
        Validation.Name(type, name);
        var bodyNs = Json.Str(body, "metadata", "namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            if (store.Get(BuiltInResources.Namespace, null, ns!) is null)
            {
                throw ApiException.NamespaceNotFound(ns!);
            }
        }

        var bodyName = Json.Str(body, "metadata", "name");
        if (bodyName is not null && bodyName != name)
        {
            throw ApiException.BadRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
        }
    }

    static void CheckApplied(ResourceType type, string name, JsonObject applied)
    {
        var apiVersion = Json.Str(applied, "apiVersion");
        var kind = Json.Str(applied, "kind");
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw ApiException.BadRequest("invalid object type: " + (kind ?? "") + ": apiVersion and kind must be set");
        }

        if (kind != type.Kind || (apiVersion != type.ApiVersion && !apiVersion.StartsWith(type.Group + "/", StringComparison.Ordinal)))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (Json.Str(applied, "metadata", "name") is not { } bodyName)
        {
            throw ApiException.BadRequest("metadata.name is required in an apply configuration");
        }

        if (bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    static void CheckPrecondition(ResourceType type, string name, StoredObject live, string? resourceVersion)
    {
        if (!string.IsNullOrEmpty(resourceVersion) && resourceVersion != live.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw ApiException.Conflict(type, name);
        }
    }

    /// <summary>The schema server-side apply and strategic merge patch follow for a kind.</summary>
    static Schema SchemaOf(ResourceType type) => type.Schema ?? Shapes.Deduced;

    static FieldScope Scope(ResourceType type, bool statusWrite) =>
        statusWrite ? FieldScope.StatusSubresource : type.HasStatus ? FieldScope.MainResource : FieldScope.Everything;

    /// <summary>
    /// The entries an update starts from: the ones the request sets, when it sets any (so that a client can
    /// move ownership, as kubectl does from client-side to server-side apply), else the live object's.
    /// </summary>
    static List<ManagedFieldsEntry> ManagedFields(JsonObject live, JsonObject candidate, bool statusWrite) =>
        !statusWrite && ManagedFieldsEntry.Read(candidate) is { Count: > 0 } given ? given : ManagedFieldsEntry.Read(live);

    /// <summary>An update, create or non-apply patch: the writer owns what it added or changed, others lose it.</summary>
    static void RecordUpdate(ResourceType type, List<ManagedFieldsEntry> entries, JsonObject? live, JsonObject candidate, string manager, bool statusWrite) =>
        FieldManager.Update(type, entries, live, candidate, manager, statusWrite ? "status" : null, SchemaOf(type), Scope(type, statusWrite));
}
