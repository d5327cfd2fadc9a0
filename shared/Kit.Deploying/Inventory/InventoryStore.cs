using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Kubernetes;
using Kit.Kubernetes.Api;

namespace Kit.Deploying.Inventory;

/// <summary>
/// The per-cluster inventory, a ConfigMap <c>kit-inventory</c> in the kubeconfig's namespace. Every write
/// carries the resourceVersion it read (create answers 409 AlreadyExists, update 409 Conflict), so two
/// workers can never both claim one cluster.
/// </summary>
public static class InventoryStore
{
    public const string Name = "kit-inventory";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    static readonly TimeSpan BusyPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>Each cluster's inventory as this process last read or wrote it.</summary>
    static readonly ConditionalWeakTable<ClusterConnection, Remembered> Memory = [];

    public static async Task<InventoryRecord?> ReadAsync(ClusterConnection cluster, CancellationToken cancellationToken)
    {
        var (response, record) = await cluster.ReadAsync(Path(cluster), FromConfigMap, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            Memory.Remove(cluster);
            return null;
        }

        response.Ensure($"reading ConfigMap {cluster.Namespace}/{Name}");
        var read = record!;
        // What this process remembered is trusted again once a read shows that nobody else wrote since.
        var trusted = !Memory.TryGetValue(cluster, out var remembered) || remembered.Record.ResourceVersion == read.ResourceVersion;
        Memory.AddOrUpdate(cluster, new Remembered(read, trusted));
        return read;
    }

    /// <summary>
    /// Claims the cluster for one sequence, or says why not (stale, unchanged, busy past <paramref name="wait"/>).
    /// <paramref name="check"/> runs with the inventory the claim is made on, before the claim is first written (and
    /// again when a conflict shows that inventory moved): when it throws, nothing was written.
    /// </summary>
    public static async Task<InventoryClaim> ClaimAsync(
        ClusterConnection cluster, ClaimRequest request, TimeSpan wait, CancellationToken cancellationToken,
        Func<InventoryRecord?, CancellationToken, Task>? check = null)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var checkedOnce = false;
        string? checkedVersion = null;
        for (var round = 0; ; round++)
        {
            // Where this process wrote the inventory last and nobody else has written since, the claim is made
            // from memory without reading it first: the write carries the resourceVersion remembered, so an
            // inventory that moved meanwhile answers 409 and is read. A verdict that writes nothing is read first.
            var guessed = round == 0 && Memory.TryGetValue(cluster, out var remembered) && remembered.Trusted ? remembered.Record : null;
            var current = guessed ?? await ReadAsync(cluster, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var verdict = InventoryDecision.Decide(current, request.Sequence, request.Digest, request.Force, request.Holder, now);
            if (guessed is not null && !(verdict == InventoryVerdict.Deploy || (verdict == InventoryVerdict.Unchanged && request.Sequence > guessed.Sequence)))
            {
                continue;
            }

            switch (verdict)
            {
                case InventoryVerdict.Stale:
                    return new InventoryClaim(verdict, current, null);
                case InventoryVerdict.Busy when now >= deadline:
                    return new InventoryClaim(verdict, current, null);
                case InventoryVerdict.Busy:
                    await Task.Delay(BusyPoll, cancellationToken);
                    continue;
                case InventoryVerdict.Unchanged when request.Sequence <= current!.Sequence:
                    return new InventoryClaim(verdict, current, null);
                case InventoryVerdict.Unchanged:
                    // Raise the sequence so that an older commit with other content cannot follow.
                    var raised = current with { Sequence = request.Sequence, ClaimedSequence = Math.Max(current.ClaimedSequence, request.Sequence), Commit = request.Commit, DeploymentId = request.DeploymentId };
                    if (await WriteAsync(cluster, raised, cancellationToken) is not null)
                    {
                        return new InventoryClaim(verdict, current, null);
                    }

                    Distrust(cluster, guessed);
                    continue;
            }

            // The check judges the set against the inventory the claim is made on: once, and again only if that moved.
            if (check is not null && (!checkedOnce || checkedVersion != current?.ResourceVersion))
            {
                await check(current, cancellationToken);
                checkedOnce = true;
                checkedVersion = current?.ResourceVersion;
            }

            var claim = (current ?? new InventoryRecord()) with
            {
                Holder = request.Holder,
                ClaimedSequence = Math.Max(current?.ClaimedSequence ?? 0, request.Sequence),
                LeaseUntil = now + request.Lease,
            };
            var written = await WriteAsync(cluster, claim, cancellationToken);
            if (written is not null)
            {
                return new InventoryClaim(InventoryVerdict.Deploy, current, written);
            }

            Distrust(cluster, guessed);

            if (DateTimeOffset.UtcNow >= deadline && round > 100)
            {
                return new InventoryClaim(InventoryVerdict.Busy, current, null);
            }
        }
    }

    /// <summary>Extends this worker's claim to <paramref name="until"/>; null when the inventory changed under it (another worker took over).</summary>
    public static Task<InventoryRecord?> RenewAsync(ClusterConnection cluster, InventoryRecord claimed, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteAsync(cluster, claimed with { LeaseUntil = until }, cancellationToken);

    /// <summary>Records the outcome and releases the claim; false when another worker took the cluster over meanwhile.</summary>
    public static async Task<bool> CompleteAsync(ClusterConnection cluster, InventoryRecord claimed, InventoryRecord final, CancellationToken cancellationToken)
    {
        var record = final with { Holder = null, LeaseUntil = null, ResourceVersion = claimed.ResourceVersion, ClaimedSequence = claimed.ClaimedSequence };
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await WriteAsync(cluster, record, cancellationToken) is not null)
            {
                return true;
            }

            var current = await ReadAsync(cluster, cancellationToken);
            if (current is null || current.Holder != claimed.Holder)
            {
                return false;
            }

            record = record with { ResourceVersion = current.ResourceVersion, ClaimedSequence = Math.Max(current.ClaimedSequence, record.ClaimedSequence) };
        }

        return false;
    }

    /// <summary>
    /// Records what a live check learnt about the objects (their field hashes) in the inventory as read, sequence
    /// and commit unchanged; false when the inventory changed meanwhile (the next check learns it again).
    /// </summary>
    public static async Task<bool> RecordObjectsAsync(ClusterConnection cluster, InventoryRecord current, IReadOnlyList<InventoryItem> objects, CancellationToken cancellationToken) =>
        current.ResourceVersion is not null && await WriteAsync(cluster, current with { Objects = objects }, cancellationToken) is not null;

    /// <summary>
    /// Creates (no resourceVersion) or replaces (with it); null on 409 (or 404: the inventory was deleted since it
    /// was read), the written record otherwise: what was sent, at the resourceVersion the server gave it.
    /// </summary>
    static async Task<InventoryRecord?> WriteAsync(ClusterConnection cluster, InventoryRecord record, CancellationToken cancellationToken)
    {
        var body = ToConfigMap(cluster.Namespace, record);
        var create = record.ResourceVersion is null;
        // Of the answer only its resourceVersion is kept: the rest is what was sent.
        var (response, version) = create
            ? await cluster.SendAsync(HttpMethod.Post, Collection(cluster), body, "application/json", ResourceVersion, cancellationToken)
            : await cluster.SendAsync(HttpMethod.Put, Path(cluster), body, "application/json", ResourceVersion, cancellationToken);
        if (response.Status == HttpStatusCode.Conflict || (!create && response.Status == HttpStatusCode.NotFound && response.Body?["details"]?["kind"]?.GetValue<string>() == "configmaps"))
        {
            return null;
        }

        if (create && response.Status == HttpStatusCode.NotFound)
        {
            await CreateNamespaceAsync(cluster, cancellationToken);
            return null;
        }

        response.Ensure($"writing ConfigMap {cluster.Namespace}/{Name}");
        var written = record with { ResourceVersion = version };
        var trusted = !Memory.TryGetValue(cluster, out var remembered) || remembered.Trusted;
        Memory.AddOrUpdate(cluster, new Remembered(written, trusted));
        return written;
    }

    /// <summary>A claim made from memory met an inventory that had moved: this cluster's inventory is read first until memory proves right again.</summary>
    static void Distrust(ClusterConnection cluster, InventoryRecord? guessed)
    {
        if (guessed is not null && Memory.TryGetValue(cluster, out var remembered))
        {
            Memory.AddOrUpdate(cluster, remembered with { Trusted = false });
        }
    }

    static async Task CreateNamespaceAsync(ClusterConnection cluster, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = cluster.Namespace },
        };
        var response = await cluster.SendAsync(HttpMethod.Post, "api/v1/namespaces", body, "application/json", cancellationToken);
        if (response.Status != HttpStatusCode.Conflict)
        {
            response.Ensure($"creating Namespace {cluster.Namespace}");
        }
    }

    public static JsonObject ToConfigMap(string @namespace, InventoryRecord record)
    {
        var data = new JsonObject
        {
            ["sequence"] = record.Sequence.ToString(CultureInfo.InvariantCulture),
            ["claimedSequence"] = record.ClaimedSequence.ToString(CultureInfo.InvariantCulture),
            ["objects"] = JsonSerializer.Serialize(record.Objects),
        };
        Put(data, "commit", record.Commit);
        Put(data, "digest", record.Digest);
        Put(data, "deploymentId", record.DeploymentId);
        Put(data, "status", record.Status);
        Put(data, "holder", record.Holder);
        Put(data, "leaseUntil", record.LeaseUntil?.ToString("O", CultureInfo.InvariantCulture));
        var metadata = new JsonObject
        {
            ["name"] = Name,
            ["namespace"] = @namespace,
            ["labels"] = new JsonObject { [Marks.ManagedBy] = Marks.Kit },
        };
        if (record.ResourceVersion is not null)
        {
            metadata["resourceVersion"] = record.ResourceVersion;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = data };
    }

    public static InventoryRecord FromConfigMap(JsonNode configMap)
    {
        var data = configMap["data"] as JsonObject ?? [];
        return Read(key => data[key]?.GetValue<string>(), configMap["metadata"]?["resourceVersion"]?.GetValue<string>());
    }

    /// <summary><see cref="FromConfigMap(JsonNode)"/> read from the ConfigMap as parsed, without making objects of it.</summary>
    public static InventoryRecord FromConfigMap(JsonElement configMap)
    {
        var data = Property(configMap, "data");
        return Read(key => Property(data, key) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null, ResourceVersion(configMap));
    }

    static InventoryRecord Read(Func<string, string?> get, string? resourceVersion)
    {
        long Number(string key) => long.TryParse(get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new InventoryRecord
        {
            Sequence = Number("sequence"),
            ClaimedSequence = Number("claimedSequence"),
            Commit = get("commit"),
            Digest = get("digest"),
            DeploymentId = get("deploymentId"),
            Status = get("status"),
            Holder = get("holder"),
            LeaseUntil = DateTimeOffset.TryParse(get("leaseUntil"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lease) ? lease : null,
            Objects = get("objects") is { Length: > 0 } objects ? JsonSerializer.Deserialize<List<InventoryItem>>(objects) ?? [] : [],
            ResourceVersion = resourceVersion,
        };
    }

    static string? ResourceVersion(JsonElement stored) =>
        Property(Property(stored, "metadata"), "resourceVersion") is { ValueKind: JsonValueKind.String } version ? version.GetString() : null;

    static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    static void Put(JsonObject data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }

    /// <summary>The inventory as last read or written, and whether a claim may be made on it without reading it first.</summary>
    sealed record Remembered(InventoryRecord Record, bool Trusted);

    static string Collection(ClusterConnection cluster) => $"api/v1/namespaces/{Uri.EscapeDataString(cluster.Namespace)}/configmaps";

    static string Path(ClusterConnection cluster) => $"{Collection(cluster)}/{Name}";
}
