using System.Net;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Deploying.Inventory;
using Kit.Deploying.Rollout;
using Kit.Kubernetes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>One manifest set applied to one claimed cluster: apply in order, wait, switch (fast-rollback), prune.</summary>
sealed partial class DeploymentRun(ClusterConnection cluster, ManifestsRendered message, DeployModes modes, DeployerSettings settings, InventoryRecord? previous, ILogger logger)
{
    const string ApplyPatch = "application/apply-patch+yaml";

    static readonly (string ApiVersion, string Kind)[] WorkloadKinds =
        [("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("batch/v1", "Job")];

    readonly Dictionary<string, InventoryItem> before = (previous?.Objects ?? []).GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Last());
    readonly List<AppliedObject> appliedObjects = [];
    readonly RolloutWatcher watcher = new(cluster, settings);
    readonly IReadOnlyList<ManifestObject> kitNamespaces = KitNamespaces.Of(message);
    readonly Recreation recreation = new(cluster, settings);

    public List<ResourceAction> Actions { get; } = [];

    public List<InventoryItem> Applied { get; } = [];

    public async Task RunAsync(IReadOnlyList<ManifestObject> objects, string? fastRollbackId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ManifestObject> switched = [];
        if (fastRollbackId is not null)
        {
            (objects, switched) = FastRollback.Transform(objects, fastRollbackId);
        }

        Actions.AddRange(await KitNamespaces.EnsureAsync(cluster, kitNamespaces, !modes.WritesNothing, cancellationToken));
        var ordered = ApplyOrder.Sort(objects);
        foreach (var item in ordered.Where(o => !switched.Contains(o)))
        {
            await WaitForDependenciesAsync(item, objects, cancellationToken);
            var applied = await ApplyAsync(item, cancellationToken);
            if (item.Kind == "CustomResourceDefinition" && !modes.WritesNothing)
            {
                await WaitEstablishedAsync(applied, cancellationToken);
            }
        }

        if (modes.WritesNothing)
        {
            foreach (var service in switched)
            {
                await ApplyAsync(service, cancellationToken);
            }

            if (settings.Prune && !modes.CreateOnly)
            {
                await PruneAsync(cancellationToken);
            }

            return;
        }

        try
        {
            await watcher.WaitAsync(appliedObjects, settings.RolloutTimeout, cancellationToken);
        }
        catch (DeployException e) when (fastRollbackId is not null)
        {
            throw new DeployException($"{e.Message}; the Services still select the previous Deployment", DeploymentOutcome.RolledBack);
        }

        foreach (var service in switched)
        {
            await ApplyAsync(service, cancellationToken);
        }

        if (fastRollbackId is not null)
        {
            await RemoveOldCopiesAsync(objects.Where(o => o.Kind == "Deployment"), cancellationToken);
        }

        if (settings.Prune && !modes.CreateOnly)
        {
            await PruneAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Checks the whole set with the server before the first write: every kind is resolved and every object
    /// is sent as a server-side dry-run (<c>dryRun=All</c>) of the very request the run will make, so an
    /// unknown kind, a missing namespace, an invalid name or an immutable field fails the set with nothing
    /// written. An object applied with the same content before (its hash is in the inventory) was accepted
    /// then and is not sent again. Objects the server cannot judge before the set's own writes are left to
    /// the apply: those in a namespace the set creates (a Namespace object of the set, or the kubeconfig's
    /// namespace, which kit creates) while it does not exist yet, and custom resources of a CRD of the set
    /// that the cluster does not serve yet. Their names were checked when the set was parsed. A set with a
    /// single write (one object changed, nothing to prune) sends nothing: that apply is refused whole or not at all.
    /// </summary>
    public async Task CheckAsync(IReadOnlyList<ManifestObject> objects, string? fastRollbackId, CancellationToken cancellationToken)
    {
        if (fastRollbackId is not null)
        {
            objects = FastRollback.Transform(objects, fastRollbackId).Objects;
        }

        var namespaces = objects.Where(o => o.ApiVersion == "v1" && o.Kind == "Namespace").Select(o => o.Name).Concat(kitNamespaces.Select(n => n.Name)).Append(cluster.Namespace).ToHashSet(StringComparer.Ordinal);
        var definedKinds = objects.Where(o => o.Kind == "CustomResourceDefinition").SelectMany(DefinedKinds).ToHashSet();
        var changed = new List<(ManifestObject Item, AppliedObject Applied)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var unserved = 0;
        foreach (var item in ApplyOrder.Sort(objects))
        {
            ApiResource resource;
            try
            {
                resource = await cluster.ResolveAsync(item.ApiVersion, item.Kind, cancellationToken);
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound && definedKinds.Contains((item.ApiVersion, item.Kind)))
            {
                unserved++;
                continue;
            }
            catch (KubeApiException e)
            {
                throw new DeployException($"{item.Display} ({item.File}:{item.Line}): {e.Message}");
            }

            var applied = Prepare(item, resource);
            keys.Add(Key(applied));
            if (!before.TryGetValue(Key(applied), out var known) || known.Hash != applied.Hash)
            {
                changed.Add((item, applied));
            }
        }

        // A set that differs from the deployed one by a single object, with nothing to prune and no namespace of
        // kit's to create, has one write: its own apply is the check, since the server refuses it before writing.
        if (fastRollbackId is null && changed.Count + unserved == 1 && kitNamespaces.Count == 0 && before.Keys.All(keys.Contains))
        {
            return;
        }

        foreach (var (item, applied) in changed)
        {
            var response = await SendAsync(applied, dryRun: true, cancellationToken);
            if (response.IsSuccess || (modes.CreateOnly && response.Status == HttpStatusCode.Conflict && response.Reason == "AlreadyExists"))
            {
                continue;
            }

            if (!modes.CreateOnly && Recreation.Recreates(applied, response))
            {
                continue;
            }

            if (response.Status == HttpStatusCode.NotFound && applied.Namespace is { } ns && namespaces.Contains(ns)
                && response.Body?["details"]?["kind"]?.GetValue<string>() == "namespaces")
            {
                continue;
            }

            throw new DeployException($"{applied.Display} ({item.File}:{item.Line}): {response.Message}");
        }
    }

    async Task<AppliedObject> ApplyAsync(ManifestObject item, CancellationToken cancellationToken)
    {
        var applied = Prepare(item, await Resolve(item, cancellationToken));
        var ns = applied.Namespace;
        var check = await CheckLiveAsync(applied, cancellationToken);
        var (action, changes, fields) = !check.Write ? (check.Action, check.Changes, check.Fields)
            : modes.Diff ? await DiffAsync(applied, check, cancellationToken)
            : await WriteAsync(applied, check, cancellationToken);
        Actions.Add(new ResourceAction { Kind = applied.Kind, Namespace = ns, Name = item.Name, Action = action, Changes = changes });
        if (check.Write)
        {
            appliedObjects.Add(applied);
        }

        Applied.Add(new InventoryItem(item.ApiVersion, applied.Kind, ns, item.Name, applied.Hash, fields));
        return applied;
    }

    /// <summary>The object as kit sends it: in its namespace, hashed (before the marks), then marked when sent.</summary>
    AppliedObject Prepare(ManifestObject item, ApiResource resource)
    {
        var ns = resource.Namespaced ? item.Namespace ?? cluster.Namespace : null;
        return new AppliedObject(item, resource, ns, ObjectHash.Of(item, ns), () => Marked(item, ns));
    }

    JsonObject Marked(ManifestObject item, string? ns)
    {
        var body = (JsonObject)item.Body.DeepClone();
        var metadata = body["metadata"]!.AsObject();
        if (ns is null)
        {
            metadata.Remove("namespace");
        }
        else
        {
            metadata["namespace"] = ns;
        }

        if (!modes.Raw)
        {
            var labels = metadata["labels"] as JsonObject ?? [];
            metadata["labels"] = labels;
            labels[Marks.ManagedBy] = Marks.Kit;
            labels[Marks.DeploymentId] = message.CorrelationId.ToString();
            labels[Marks.Commit] = LabelValue(message.CommitSha);
        }

        return body;
    }

    async Task<(string Action, IReadOnlyList<string> Changes, string? Fields)> WriteAsync(AppliedObject applied, LiveCheck check, CancellationToken cancellationToken)
    {
        if (check.TakeOver && !modes.DryRun)
        {
            await TakeOverAsync(applied, cancellationToken);
        }

        var force = check.TakeOver || check.Drift is not null;
        // A write that is applied keeps only kit's field hash of the answer; a dry run's answer is compared whole.
        var (response, appliedFields) = modes.DryRun || modes.CreateOnly
            ? (await SendAsync(applied, modes.DryRun, cancellationToken, force, readBody: !modes.CreateOnly), null)
            : await ApplyForFieldsAsync(applied, force, cancellationToken);
        if (modes.CreateOnly && response.Status == HttpStatusCode.Conflict && response.Reason == "AlreadyExists")
        {
            return ("unchanged", [], null);
        }

        // A dry run creates no namespace, so what goes into one the run would create is answered "not found".
        if (modes.DryRun && KitNamespaces.IsMissing(response, applied.Namespace)
            && kitNamespaces.Concat(appliedObjects.Select(a => a.Source)).Any(n => n.Kind == "Namespace" && n.Name == applied.Namespace))
        {
            return ("created", [], null);
        }

        if (!response.IsSuccess && !modes.CreateOnly && Recreation.Recreates(applied, response))
        {
            if (!modes.DryRun)
            {
                var recreated = await recreation.RecreateAsync(applied, () => SendAsync(applied, dryRun: false, cancellationToken, readBody: true), cancellationToken);
                return ("recreated", [], FieldOwnership.KitHash(recreated.Body));
            }

            return ("recreated", [], null);
        }

        if (!response.IsSuccess)
        {
            throw new DeployException($"{applied.Display} ({applied.Source.File}:{applied.Source.Line}): {response.Message}");
        }

        var fields = appliedFields ?? FieldOwnership.KitHash(response.Body);
        if (response.Status == HttpStatusCode.Created)
        {
            return ("created", check.Drift?.Fields ?? [], fields);
        }

        if (check.Drift is not null)
        {
            return ("configured", check.Drift.Fields, fields);
        }

        var changes = modes.DryRun && check.Live is not null && response.Body is not null && await LiveAsync(applied, cancellationToken) is { } live
            ? Changes(applied, response.Body, live)
            : [];
        var unchanged = before.TryGetValue(Key(applied), out var known) && known.Hash == applied.Hash;
        return (unchanged && changes.Count == 0 ? "unchanged" : "configured", changes, fields);
    }

    /// <summary>The write kit makes for one object: a create (create-only mode) or a server-side apply.</summary>
    async Task<KubeResponse> SendAsync(AppliedObject applied, bool dryRun, CancellationToken cancellationToken, bool force = false, bool readBody = false)
    {
        var response = modes.CreateOnly
            ? await cluster.SendAsync(HttpMethod.Post, $"{applied.Resource.Collection(applied.Namespace)}?{(dryRun ? "dryRun=All&" : "")}fieldManager={Marks.FieldManager}", applied.Body, "application/json", cancellationToken, readBody)
            : await cluster.SendAsync(HttpMethod.Patch, ApplyPath(applied, dryRun, force), applied.Body, ApplyPatch, cancellationToken, readBody);
        DeployerMetrics.Applied(cluster.Cluster, response.Status);
        return response;
    }

    /// <summary>A server-side apply that writes, read for kit's field hash only: the response has a body when it was refused.</summary>
    async Task<(KubeResponse Response, string? Fields)> ApplyForFieldsAsync(AppliedObject applied, bool force, CancellationToken cancellationToken)
    {
        var (response, fields) = await cluster.SendAsync(HttpMethod.Patch, ApplyPath(applied, dryRun: false, force), applied.Body, ApplyPatch, FieldOwnership.KitHash, cancellationToken);
        DeployerMetrics.Applied(cluster.Cluster, response.Status);
        return (response, fields);
    }

    string ApplyPath(AppliedObject applied, bool dryRun, bool force) =>
        $"{applied.Path}?{(dryRun ? "dryRun=All&" : "")}fieldManager={Marks.FieldManager}&force={(force || settings.ForceConflicts || modes.Force ? "true" : "false")}";

    /// <summary>The (apiVersion, kind) pairs a CRD of the set will serve.</summary>
    static IEnumerable<(string ApiVersion, string Kind)> DefinedKinds(ManifestObject crd)
    {
        var spec = crd.Body["spec"];
        var group = spec?["group"]?.ToString();
        var kind = spec?["names"]?["kind"]?.ToString();
        if (group is null || kind is null)
        {
            yield break;
        }

        foreach (var version in spec?["versions"] as JsonArray ?? [])
        {
            if (version?["name"]?.ToString() is { } name)
            {
                yield return ($"{group}/{name}", kind);
            }
        }
    }

    async Task<(string Action, IReadOnlyList<string> Changes, string? Fields)> DiffAsync(AppliedObject applied, LiveCheck check, CancellationToken cancellationToken)
    {
        var response = await cluster.GetAsync(applied.Path, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return ("created", [], null);
        }

        var live = response.Ensure($"reading {applied.Display}");
        var differences = LiveDiff.Compare(applied.Source.Body, live, message.ExternalEnv)
            .Concat(check.Drift?.Fields ?? (modes.Raw ? [] : FieldOwnership.Removed(live, applied.Body, applied.Kind == "Secret", message.ExternalEnv)))
            .Distinct().ToList();
        if (differences.Count == 0)
        {
            return ("unchanged", [], null);
        }

        logger.LogInformation("Diff {Object}: {Differences}", applied.Display, string.Join("; ", differences));
        return (Recreation.Recreates(applied, await SendAsync(applied, dryRun: true, cancellationToken)) ? "recreated" : "configured", differences, null);
    }

    async Task WaitForDependenciesAsync(ManifestObject item, IReadOnlyList<ManifestObject> objects, CancellationToken cancellationToken)
    {
        if (item.Annotation(ApplyOrder.DependencySelectorAnnotation) is not { } text || modes.WritesNothing)
        {
            return;
        }

        var wait = TimeSpan.FromSeconds(settings.WaitTimeoutSeconds);
        var dependencies = ApplyOrder.DependenciesOf(item, objects);
        if (dependencies.Count > 0)
        {
            var workloads = appliedObjects.Where(a => dependencies.Contains(a.Source)).ToList();
            try
            {
                await watcher.WaitAsync(workloads, wait, cancellationToken);
                return;
            }
            catch (DeployException e)
            {
                throw new DeployException($"{item.Display} waits for {ApplyOrder.DependencySelectorAnnotation} '{text}': {e.Message}", e.Outcome);
            }
        }

        var selector = Uri.EscapeDataString(LabelSelector.Parse(text).ToString());
        var ns = item.Namespace ?? cluster.Namespace;
        var deadline = DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var found = 0;
            var ready = 0;
            foreach (var (apiVersion, kind) in WorkloadKinds)
            {
                var resource = await cluster.ResolveAsync(apiVersion, kind, cancellationToken);
                var list = (await cluster.GetAsync($"{resource.Collection(ns)}?labelSelector={selector}", cancellationToken)).Ensure($"listing {kind}s for {item.Display}");
                foreach (var live in list["items"]?.AsArray() ?? [])
                {
                    found++;
                    ready += RolloutEvaluator.Evaluate(WithKind(live!, kind)).Done ? 1 : 0;
                }
            }

            if (found > 0 && ready == found)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new DeployException(
                    $"{item.Display} waits for {ApplyOrder.DependencySelectorAnnotation} '{text}': {(found == 0 ? "nothing matches it" : $"{ready} of {found} matching workloads available")} after {wait.TotalSeconds:0} s",
                    DeploymentOutcome.TimedOut);
            }

            await Task.Delay(settings.PollMilliseconds, cancellationToken);
        }
    }

    async Task WaitEstablishedAsync(AppliedObject crd, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(settings.WaitTimeoutSeconds);
        while (true)
        {
            var live = (await cluster.GetAsync(crd.Path, cancellationToken)).Ensure($"reading {crd.Display}");
            var established = live["status"]?["conditions"]?.AsArray()
                .Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True") ?? false;
            if (established)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new DeployException($"{crd.Display} was not Established within {settings.WaitTimeoutSeconds} s", DeploymentOutcome.TimedOut);
            }

            await Task.Delay(Math.Min(settings.PollMilliseconds, 250), cancellationToken);
        }
    }

    async Task RemoveOldCopiesAsync(IEnumerable<ManifestObject> copies, CancellationToken cancellationToken)
    {
        foreach (var copy in copies)
        {
            var original = copy.Labels.GetValueOrDefault(Marks.CopyOf) ?? copy.Name;
            var resource = await Resolve(copy, cancellationToken);
            var ns = copy.Namespace ?? cluster.Namespace;
            var query = Uri.EscapeDataString($"{Marks.CopyOf}={original},{Marks.ManagedBy}={Marks.Kit}");
            var list = (await cluster.GetAsync($"{resource.Collection(ns)}?labelSelector={query}", cancellationToken)).Ensure($"listing copies of Deployment {ns}/{original}");
            var old = (list["items"]?.AsArray() ?? [])
                .Select(i => (Name: i?["metadata"]?["name"]?.GetValue<string>() ?? "", Created: i?["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? ""))
                .Where(i => i.Name != copy.Name)
                .OrderByDescending(i => i.Created, StringComparer.Ordinal)
                .ThenByDescending(i => i.Name, StringComparer.Ordinal)
                .Skip(FastRollback.Kept);
            foreach (var (name, _) in old)
            {
                await DeleteAsync(resource, ns, name, cancellationToken);
            }
        }
    }

    async Task PruneAsync(CancellationToken cancellationToken)
    {
        var keep = Applied.Select(a => a.Key).ToHashSet();
        foreach (var item in before.Values.Where(o => !keep.Contains(o.Key)))
        {
            ApiResource resource;
            try
            {
                resource = await cluster.ResolveAsync(item.ApiVersion, item.Kind, cancellationToken);
            }
            catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound)
            {
                continue;
            }

            var response = await cluster.GetAsync(resource.Item(item.Namespace, item.Name), cancellationToken);
            if (response.Status == HttpStatusCode.NotFound)
            {
                continue;
            }

            var labels = ManifestObject.Strings(response.Ensure($"reading {item.Display}")["metadata"]?["labels"]);
            if (labels.GetValueOrDefault(Marks.ManagedBy) != Marks.Kit || labels.ContainsKey(Marks.CopyOf))
            {
                logger.LogInformation("Not pruning {Object}: not managed by kit", item.Display);
                continue;
            }

            if (!modes.WritesNothing)
            {
                await DeleteAsync(resource, item.Namespace, item.Name, cancellationToken);
            }

            Actions.Add(new ResourceAction { Kind = item.Kind, Namespace = item.Namespace, Name = item.Name, Action = "pruned" });
        }
    }

    Task DeleteAsync(ApiResource resource, string? ns, string name, CancellationToken cancellationToken) =>
        BackgroundDelete.SendAsync(cluster, resource.Item(ns, name), $"deleting {resource.Kind} {(ns is null ? "" : ns + "/")}{name}", cancellationToken);

    async Task<ApiResource> Resolve(ManifestObject item, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.ResolveAsync(item.ApiVersion, item.Kind, cancellationToken);
        }
        catch (KubeApiException e)
        {
            throw new DeployException($"{item.Display} ({item.File}:{item.Line}): {e.Message}");
        }
    }

    static string Key(AppliedObject applied) => new InventoryItem(applied.Source.ApiVersion, applied.Kind, applied.Namespace, applied.Name, "").Key;

    static JsonNode WithKind(JsonNode live, string kind)
    {
        live["kind"] ??= kind;
        return live;
    }

    /// <summary>A label value: at most 63 characters, alphanumeric at both ends.</summary>
    static string LabelValue(string value)
    {
        var text = new string(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        return (text.Length > 63 ? text[..63] : text).Trim('-', '_', '.');
    }
}
