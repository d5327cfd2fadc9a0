using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One cluster's objects, resource versions, recent events for watches, and CRD-defined types.</summary>
sealed class ObjectStore
{
    const int History = 200;

    readonly Dictionary<string, Dictionary<string, StoredObject>> objects = [];
    readonly List<ResourceType> customTypes = [];

    // Read on every request without the lock: replaced whole, under the lock, when a CRD changes.
    volatile ResourceType[] served = [.. BuiltInResources.Types];
    readonly WatchEvent?[] history = new WatchEvent?[History];
    readonly List<Watcher> watchers = [];
    int historyStart;
    int historyCount;
    long resourceVersion = 1000;

    public object Gate { get; } = new();

    /// <summary>Called under the gate after every change, for the rollout controller.</summary>
    public Action<StoredObject, string>? Changed { get; set; }

    public long ResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>Moves whenever a CRD adds or removes served kinds, so that documents built from the types are rebuilt.</summary>
    public int TypesGeneration { get; private set; }

    public IReadOnlyList<ResourceType> Types() => served;

    public ResourceType? FindType(string group, string version, string plural) =>
        Array.Find(served, t => t.Group == group && t.Version == version && t.Plural == plural);

    public StoredObject? Get(ResourceType type, string? ns, string name)
    {
        lock (Gate)
        {
            return objects.TryGetValue(type.StorageKey, out var map) && map.TryGetValue(StoredObject.Key(ns, name), out var obj) ? obj : null;
        }
    }

    public List<StoredObject> List(ResourceType type, string? ns)
    {
        lock (Gate)
        {
            if (!objects.TryGetValue(type.StorageKey, out var map))
            {
                return [];
            }

            return [.. map.Values.Where(o => ns is null || o.Namespace == ns).OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal)];
        }
    }

    public List<StoredObject> All()
    {
        lock (Gate)
        {
            return [.. objects.Values.SelectMany(m => m.Values)];
        }
    }

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return objects.Values.Sum(m => m.Count);
            }
        }
    }

    /// <summary>Stores the object with the next resource version and tells watchers.</summary>
    public StoredObject Put(ResourceType type, JsonObject obj, string eventType)
    {
        lock (Gate)
        {
            var metadata = Json.Metadata(obj);
            var rv = ++resourceVersion;
            metadata["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = Wrap(type, obj, rv);
            if (!objects.TryGetValue(type.StorageKey, out var map))
            {
                map = [];
                objects[type.StorageKey] = map;
            }

            var key = StoredObject.Key(stored.Namespace, stored.Name);
            map.TryGetValue(key, out var previous);
            map[key] = stored;
            if (type == BuiltInResources.Crd)
            {
                RegisterCrd(obj);
                served = [.. BuiltInResources.Types, .. customTypes];
            }

            Publish(new WatchEvent(eventType, stored, previous?.LabelMap));
            return stored;
        }
    }

    public StoredObject? Remove(ResourceType type, string? ns, string name)
    {
        lock (Gate)
        {
            if (!objects.TryGetValue(type.StorageKey, out var map) || !map.Remove(StoredObject.Key(ns, name), out var old))
            {
                return null;
            }

            var obj = old.Parse();
            var rv = ++resourceVersion;
            Json.Metadata(obj)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var gone = Wrap(type, obj, rv);
            if (type == BuiltInResources.Crd)
            {
                UnregisterCrd(obj);
                served = [.. BuiltInResources.Types, .. customTypes];
            }

            Publish(new WatchEvent("DELETED", gone));
            return gone;
        }
    }

    /// <summary>Registers a watcher and returns the events after <paramref name="fromRv"/>, or null when they are no longer kept.</summary>
    public List<WatchEvent>? Subscribe(Watcher watcher, ResourceType type, string? ns, long fromRv)
    {
        lock (Gate)
        {
            List<WatchEvent>? replay = [];
            if (fromRv < resourceVersion)
            {
                var oldest = historyCount == 0 ? resourceVersion + 1 : history[historyStart]!.Object.ResourceVersion;
                if (fromRv < oldest - 1)
                {
                    replay = null;
                }
                else
                {
                    for (var i = 0; i < historyCount; i++)
                    {
                        var e = history[(historyStart + i) % History]!;
                        if (e.Object.ResourceVersion > fromRv && watcher.Wants(e.Object))
                        {
                            replay.Add(e);
                        }
                    }
                }
            }

            if (replay is not null)
            {
                watchers.Add(watcher);
            }

            return replay;
        }
    }

    public List<StoredObject> SubscribeWithInitial(Watcher watcher, ResourceType type, string? ns)
    {
        lock (Gate)
        {
            watchers.Add(watcher);
            return List(type, ns);
        }
    }

    public void Unsubscribe(Watcher watcher)
    {
        lock (Gate)
        {
            watchers.Remove(watcher);
        }
    }

    public void CloseWatchers()
    {
        lock (Gate)
        {
            foreach (var w in watchers)
            {
                w.Events.Writer.TryComplete();
            }

            watchers.Clear();
        }
    }

    void Publish(WatchEvent e)
    {
        if (historyCount < History)
        {
            history[(historyStart + historyCount) % History] = e;
            historyCount++;
        }
        else
        {
            history[historyStart] = e;
            historyStart = (historyStart + 1) % History;
        }

        foreach (var w in watchers)
        {
            if (w.Wants(e.Object))
            {
                w.Events.Writer.TryWrite(e);
            }
        }

        Changed?.Invoke(e.Object, e.Type);
    }

    static StoredObject Wrap(ResourceType type, JsonObject obj, long rv)
    {
        var metadata = Json.Metadata(obj);
        Dictionary<string, string>? labels = null;
        if (metadata["labels"] is JsonObject l && l.Count > 0)
        {
            labels = l.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!.ToString());
        }

        var owners = metadata["ownerReferences"] is JsonArray refs
            ? refs.Select(r => Json.Str(r, "uid")).OfType<string>().ToArray()
            : [];
        return new StoredObject
        {
            Type = type,
            Namespace = type.Namespaced ? Json.Str(metadata, "namespace") : null,
            Name = Json.Str(metadata, "name") ?? "",
            Json = Json.Bytes(obj),
            ResourceVersion = rv,
            Uid = Json.Str(metadata, "uid") ?? "",
            OwnerUids = owners,
            Labels = labels,
        };
    }

    void RegisterCrd(JsonObject crd)
    {
        UnregisterCrd(crd);
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = Json.Str(spec, "group");
        var plural = Json.Str(names, "plural");
        var kind = Json.Str(names, "kind");
        if (spec is null || group is null || plural is null || kind is null)
        {
            return;
        }

        var shortNames = (names!["shortNames"] as JsonArray)?.Select(n => n?.ToString() ?? "").ToArray() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(n => n?.ToString() ?? "").ToArray();
        var namespaced = Json.Str(spec, "scope") != "Cluster";
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() == false || Json.Str(version, "name") is not { } v)
            {
                continue;
            }

            var hasStatus = (version["subresources"] as JsonObject)?["status"] is not null;
            customTypes.Add(new ResourceType(group, v, kind, plural, namespaced, shortNames, hasStatus, HasGeneration: true, categories)
            {
                Singular = Json.Str(names, "singular") ?? kind.ToLowerInvariant(),
                CustomSchema = Schemas.CrdSchema.Root(version["schema"]?["openAPIV3Schema"] as JsonObject),
            });
        }
    }

    void UnregisterCrd(JsonObject crd)
    {
        TypesGeneration++;
        var group = Json.Str(crd, "spec", "group");
        var plural = Json.Str(crd, "spec", "names", "plural");
        customTypes.RemoveAll(t => t.Group == group && t.Plural == plural);
    }
}
