using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Kubernetes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>
/// The live check: one list per collection the set uses (kit's objects only, by label) tells, from each
/// object's managedFields, which objects may have drifted; only those are confirmed the way
/// <c>kubectl diff</c> does (a forced server-side dry-run apply compared with the live object, read on its
/// own), so an unchanged, undrifted object costs no request of its own and is not applied again. Of a list,
/// only what each object's managedFields say is kept, not the objects.
/// </summary>
sealed partial class DeploymentRun
{
    static readonly string ManagedByKit = Uri.EscapeDataString($"{Marks.ManagedBy}={Marks.Kit}");

    readonly Dictionary<string, Dictionary<string, Listed>> lists = new(StringComparer.Ordinal);

    /// <summary>Objects found drifted: healed when <see cref="Heals"/> and the run writes, else reported.</summary>
    public List<DriftedObject> Drifted { get; } = [];

    bool Heals => settings.SelfHeal || modes.Force;

    /// <summary>What the live check decided for one object: write it (with a take-over first), or report it as is.</summary>
    sealed record LiveCheck(bool Write, Listed? Live, DriftedObject? Drift = null, bool TakeOver = false, string Action = "unchanged", IReadOnlyList<string>? Found = null, string? Fields = null)
    {
        public IReadOnlyList<string> Changes => Found ?? [];
    }

    /// <summary>What kit's list says of one live object: the hash of kit's fields, and the imperative kubectl commands that wrote to it.</summary>
    sealed record Listed(string? KitFields, IReadOnlyList<string> ImperativeWriters);

    /// <summary>Checks every object of the set against the cluster and writes nothing: <see cref="Drifted"/> and <see cref="Applied"/> say what it found.</summary>
    public async Task DetectAsync(IReadOnlyList<ManifestObject> objects, string? fastRollbackId, CancellationToken cancellationToken)
    {
        if (fastRollbackId is not null)
        {
            objects = FastRollback.Transform(objects, fastRollbackId).Objects;
        }

        foreach (var item in ApplyOrder.Sort(objects))
        {
            var applied = Prepare(item, await Resolve(item, cancellationToken));
            var listed = await ListedAsync(applied, cancellationToken);
            before.TryGetValue(Key(applied), out var known);
            var fields = listed?.KitFields;
            var drift = Suspect(applied, known, listed) ? await ConfirmAsync(applied, cancellationToken) : null;
            if (drift is not null)
            {
                Drifted.Add(drift);
                Actions.Add(new ResourceAction { Kind = applied.Kind, Namespace = applied.Namespace, Name = applied.Name, Action = "drifted", Changes = drift.Fields });
            }

            Applied.Add(new InventoryItem(item.ApiVersion, applied.Kind, applied.Namespace, item.Name, applied.Hash, drift is null ? fields : known?.Fields));
        }
    }

    async Task<LiveCheck> CheckLiveAsync(AppliedObject applied, CancellationToken cancellationToken)
    {
        if (modes.Raw || modes.CreateOnly)
        {
            // Raw objects carry no label to list them by; create-only never changes what exists.
            return new LiveCheck(true, null);
        }

        var live = await ListedAsync(applied, cancellationToken);
        before.TryGetValue(Key(applied), out var known);
        var takeOver = Heals && live is not null && live.ImperativeWriters.Count > 0;
        if (known is null || known.Hash != applied.Hash)
        {
            return new LiveCheck(true, live, TakeOver: takeOver);
        }

        var fields = live?.KitFields;
        var drift = Suspect(applied, known, live) ? await ConfirmAsync(applied, cancellationToken) : null;
        if (drift is null)
        {
            return modes.Force ? new LiveCheck(true, live, TakeOver: takeOver) : new LiveCheck(false, live, Fields: fields ?? known.Fields);
        }

        Drifted.Add(drift);
        if (modes.WritesNothing)
        {
            return new LiveCheck(false, live, drift, Action: drift.Missing ? "created" : "configured", Found: drift.Fields);
        }

        return Heals
            ? new LiveCheck(true, live, drift, takeOver)
            : new LiveCheck(false, live, drift, Action: "drifted", Found: drift.Fields, Fields: known.Fields);
    }

    /// <summary>
    /// Whether an object may have drifted, from the list alone: it is gone, kit's own fields are not the ones
    /// kit applied (another manager took some, or the inventory does not know them yet), or an imperative
    /// kubectl command wrote to it.
    /// </summary>
    static bool Suspect(AppliedObject applied, InventoryItem? known, Listed? live) =>
        live is null || known is null || known.Hash != applied.Hash || known.Fields is null || known.Fields != live.KitFields
        || live.ImperativeWriters.Count > 0;

    /// <summary>The drift of one object, as <c>kubectl diff</c> finds it, or null when applying would change nothing.</summary>
    async Task<DriftedObject?> ConfirmAsync(AppliedObject applied, CancellationToken cancellationToken)
    {
        var dry = await SendAsync(applied, dryRun: true, cancellationToken, force: true, readBody: true);
        var result = dry.Status == HttpStatusCode.Created ? null : dry.Ensure($"checking {applied.Display} ({applied.Source.File}:{applied.Source.Line})");
        if (result is null || await LiveAsync(applied, cancellationToken) is not { } live)
        {
            return new DriftedObject { Kind = applied.Kind, Namespace = applied.Namespace, Name = applied.Name, Missing = true, Fields = ["(deleted)"] };
        }

        var changes = Changes(applied, result, live);
        if (changes.Count == 0)
        {
            return null;
        }

        var managers = FieldOwnership.ImperativeWriters(live).Concat(FieldOwnership.Regained(live, result)).Distinct().ToList();
        return new DriftedObject { Kind = applied.Kind, Namespace = applied.Namespace, Name = applied.Name, Fields = changes, Managers = managers };
    }

    /// <summary>What applying changes on a live object: the server's answer to the apply compared with the live object, and the fields it would remove.</summary>
    List<string> Changes(AppliedObject applied, JsonNode result, JsonNode live) =>
        LiveDiff.Compare(Comparable(result), Comparable(live), message.ExternalEnv)
            .Concat(FieldOwnership.Removed(live, applied.Body, applied.Kind == "Secret", message.ExternalEnv))
            .Distinct()
            .ToList();

    /// <summary>
    /// An object without what every write changes (identity, versions, managedFields, status) and without kit's
    /// per-deployment marks (an object left as it was keeps the marks of the deployment that applied it).
    /// </summary>
    static JsonObject Comparable(JsonNode node)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove("status");
        var metadata = new JsonObject();
        if (node["metadata"]?["labels"]?.DeepClone() is JsonObject labels)
        {
            labels.Remove(Marks.DeploymentId);
            labels.Remove(Marks.Commit);
            metadata["labels"] = labels;
        }

        if (node["metadata"]?["annotations"]?.DeepClone() is JsonObject annotations)
        {
            metadata["annotations"] = annotations;
        }

        copy["metadata"] = metadata;
        return copy;
    }

    /// <summary>Moves the fields imperative kubectl commands hold into kit's Apply entry (as Flux does), so the forced apply that follows undoes them.</summary>
    async Task TakeOverAsync(AppliedObject applied, CancellationToken cancellationToken)
    {
        // The resourceVersion keeps a write made since the object was read from being lost; a controller's
        // status write is such a write, so a conflict reads the object again.
        for (var attempt = 1; ; attempt++)
        {
            if (await LiveAsync(applied, cancellationToken) is not { } live)
            {
                return;
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["resourceVersion"] = live["metadata"]?["resourceVersion"]?.DeepClone(),
                    ["managedFields"] = FieldOwnership.TakeOver(live),
                },
            };
            var response = await cluster.SendAsync(HttpMethod.Patch, $"{applied.Path}?fieldManager={Marks.FieldManager}", patch, "application/merge-patch+json", cancellationToken, readBody: false);
            if (response.Status != HttpStatusCode.Conflict || attempt == 5)
            {
                response.Ensure($"taking over the fields of {string.Join(", ", FieldOwnership.ImperativeWriters(live))} on {applied.Display}");
                return;
            }
        }
    }

    /// <summary>What kit's list of the applied object's collection says of it (one list per collection and run); null when it is not there.</summary>
    async Task<Listed?> ListedAsync(AppliedObject applied, CancellationToken cancellationToken)
    {
        var collection = applied.Resource.Collection(applied.Namespace);
        if (!lists.TryGetValue(collection, out var items))
        {
            var (response, read) = await cluster.ReadAsync($"{collection}?labelSelector={ManagedByKit}", Summaries, cancellationToken);
            items = response.Status == HttpStatusCode.NotFound ? [] : read ?? throw new KubeApiException(response.Status, response.Reason, $"listing {applied.Resource.Plural}: {response.Message}");
            lists[collection] = items;
        }

        return items.GetValueOrDefault(applied.Name);
    }

    static Dictionary<string, Listed> Summaries(JsonElement list)
    {
        var items = new Dictionary<string, Listed>(StringComparer.Ordinal);
        if (list.ValueKind == JsonValueKind.Object && list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    && metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    items[name.GetString()!] = new Listed(FieldOwnership.KitHash(item), FieldOwnership.ImperativeWriters(item));
                }
            }
        }

        return items;
    }

    /// <summary>The applied object as it is live, read on its own; null when it is not there.</summary>
    async Task<JsonObject?> LiveAsync(AppliedObject applied, CancellationToken cancellationToken)
    {
        var response = await cluster.GetAsync(applied.Path, cancellationToken);
        return response.Status == HttpStatusCode.NotFound ? null : response.Ensure($"reading {applied.Display}").AsObject();
    }
}
