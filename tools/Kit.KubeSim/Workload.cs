using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One reconcile of one workload: its ReplicaSets, Pods, Events and status. Runs under the store's gate.</summary>
sealed class Workload(ObjectStore store, JsonObject obj, JsonObject template, string hash, bool failing, bool done)
{
    string Ns => Json.Str(obj, "metadata", "namespace")!;

    string Name => Json.Str(obj, "metadata", "name")!;

    string Uid => Json.Str(obj, "metadata", "uid")!;

    long Generation => Json.Int(obj, "metadata", "generation") ?? 1;

    string PodState => failing ? "failing" : done ? "running" : "creating";

    public void Deployment(bool timedOut)
    {
        var replicas = Json.Int(obj, "spec", "replicas") ?? 1;
        var rsName = $"{Name}-{hash}";
        var labels = Labels(("pod-template-hash", hash));
        var owned = Owned(BuiltInResources.ReplicaSet, Uid);
        var existing = owned.FirstOrDefault(r => r.Name == rsName);
        var highestOther = owned.Where(r => r.Name != rsName).Select(r => DeploymentRevisions.Of(r.Parse())).DefaultIfEmpty(0).Max();
        var desired = existing?.Parse() ?? NewReplicaSet(rsName, labels, replicas);
        Json.Obj(desired, "spec")["replicas"] = replicas;
        DeploymentRevisions.Annotate(desired, obj, highestOther, replicas);
        var rs = existing switch
        {
            null => Save(BuiltInResources.ReplicaSet, null, desired),
            _ when Json.DeepEquals(desired, existing.Parse()) => existing,
            _ when Json.DeepEquals(desired["spec"], existing.Parse()["spec"]) => store.Put(BuiltInResources.ReplicaSet, desired, "MODIFIED"),
            _ => Save(BuiltInResources.ReplicaSet, existing, desired),
        };
        Annotate(BuiltInResources.Deployment, DeploymentRevisions.Revision, Json.Str(rs.Parse(), "metadata", "annotations", DeploymentRevisions.Revision));

        var pods = EnsurePods(rs.Parse(), (int)replicas, i => $"{rsName}-{Names.Random(5)}", labels, PodState);
        long oldTotal = 0, oldReady = 0;
        foreach (var old in Owned(BuiltInResources.ReplicaSet, Uid).Where(r => r.Name != rsName))
        {
            var oldPods = Owned(BuiltInResources.Pod, old.Uid);
            if (done)
            {
                foreach (var pod in oldPods)
                {
                    store.Remove(BuiltInResources.Pod, Ns, pod.Name);
                }

                var scaled = old.Parse();
                Json.Obj(scaled, "spec")["replicas"] = 0;
                scaled["status"] = new JsonObject { ["replicas"] = 0, ["observedGeneration"] = Json.Int(scaled, "metadata", "generation") ?? 1 };
                if (!Json.DeepEquals(scaled, old.Parse()))
                {
                    store.Put(BuiltInResources.ReplicaSet, scaled, "MODIFIED");
                }
            }
            else
            {
                oldTotal += oldPods.Count;
                oldReady += oldPods.Count(p => p.Parse()["status"]?["phase"]?.ToString() == "Running");
            }
        }

        if (done)
        {
            foreach (var pruned in DeploymentRevisions.Beyond(obj, Owned(BuiltInResources.ReplicaSet, Uid).Where(r => r.Name != rsName)))
            {
                store.Remove(BuiltInResources.ReplicaSet, Ns, pruned.Name);
            }
        }

        var newReady = PodState == "running" ? pods : 0;
        SetStatus(BuiltInResources.ReplicaSet, rs, Compact(new JsonObject
        {
            ["replicas"] = pods,
            ["fullyLabeledReplicas"] = pods,
            ["readyReplicas"] = newReady,
            ["availableReplicas"] = newReady,
            ["observedGeneration"] = Json.Int(rs.Parse(), "metadata", "generation") ?? 1,
        }));

        var available = newReady + oldReady;
        var total = pods + oldTotal;
        var minimum = replicas - (long)Math.Floor(replicas * 0.25);
        var current = obj["status"] as JsonObject;
        var conditions = new JsonArray(
            available >= minimum
                ? Condition(current, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : Condition(current, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
            done
                ? Condition(current, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{rsName}\" has successfully progressed.")
                : timedOut
                    ? Condition(current, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{rsName}\" has timed out progressing.")
                    : Condition(current, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing."));
        var status = Compact(new JsonObject
        {
            ["observedGeneration"] = Generation,
            ["replicas"] = total,
            ["updatedReplicas"] = pods,
            ["readyReplicas"] = available,
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = total - available,
        });
        status["conditions"] = conditions;
        SetStatus(BuiltInResources.Deployment, store.Get(BuiltInResources.Deployment, Ns, Name)!, status);
    }

    JsonObject NewReplicaSet(string rsName, JsonObject labels, long replicas)
    {
        var selector = obj["spec"]?["selector"]?.DeepClone() as JsonObject ?? new JsonObject();
        Json.Obj(selector, "matchLabels")["pod-template-hash"] = hash;
        var podTemplate = template.DeepClone().AsObject();
        Json.Metadata(podTemplate)["labels"] = labels.DeepClone();
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = rsName, ["labels"] = labels.DeepClone(), ["ownerReferences"] = new JsonArray(OwnerRef(obj)) },
            ["spec"] = new JsonObject { ["replicas"] = replicas, ["selector"] = selector, ["template"] = podTemplate },
        };
    }

    /// <summary>
    /// The history StatefulSet and DaemonSet controllers keep for `kubectl rollout history` and `undo`: a ControllerRevision
    /// `name-hash` per template holding it as a replacing patch, the newest revision numbered above the others (one that
    /// comes back is renumbered), the oldest beyond spec.revisionHistoryLimit (10 by default) deleted.
    /// </summary>
    void RecordRevision()
    {
        var name = $"{Name}-{hash}";
        var owned = Owned(BuiltInResources.ControllerRevision, Uid);
        var existing = owned.FirstOrDefault(r => r.Name == name);
        var highest = owned.Where(r => r.Name != name).Select(r => Json.Int(r.Parse(), "revision") ?? 0).DefaultIfEmpty(0).Max();
        if (existing is null)
        {
            var data = template.DeepClone().AsObject();
            data["$patch"] = "replace";
            var metadata = new JsonObject { ["name"] = name, ["labels"] = Labels(("controller-revision-hash", hash)), ["ownerReferences"] = new JsonArray(OwnerRef(obj)) };
            if (obj["metadata"]?["annotations"] is JsonObject annotations)
            {
                metadata["annotations"] = annotations.DeepClone();
            }

            Save(BuiltInResources.ControllerRevision, null, new JsonObject
            {
                ["metadata"] = metadata,
                ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = data } },
                ["revision"] = highest + 1,
            });
        }
        else if ((Json.Int(existing.Parse(), "revision") ?? 0) <= highest)
        {
            var renumbered = existing.Parse();
            renumbered["revision"] = highest + 1;
            store.Put(BuiltInResources.ControllerRevision, renumbered, "MODIFIED");
        }

        var limit = Json.Int(obj, "spec", "revisionHistoryLimit") ?? 10;
        var old = Owned(BuiltInResources.ControllerRevision, Uid).Where(r => r.Name != name && r.Name != Json.Str(obj, "status", "currentRevision"))
            .OrderBy(r => Json.Int(r.Parse(), "revision") ?? 0).ToList();
        foreach (var pruned in old.Take((int)Math.Max(0, old.Count - limit)))
        {
            store.Remove(BuiltInResources.ControllerRevision, Ns, pruned.Name);
        }
    }

    /// <summary>Sets one annotation on the workload itself, as its controller does (metadata only: no new generation).</summary>
    void Annotate(ResourceType type, string key, string? value)
    {
        var parsed = store.Get(type, Ns, Name)!.Parse();
        if (value is null || Json.Str(parsed, "metadata", "annotations", key) == value)
        {
            return;
        }

        Json.Obj(Json.Metadata(parsed), "annotations")[key] = value;
        store.Put(type, parsed, "MODIFIED");
    }

    public void StatefulSet(string? previousHash)
    {
        var replicas = Json.Int(obj, "spec", "replicas") ?? 1;
        var revision = $"{Name}-{hash}";
        var labels = Labels(("controller-revision-hash", revision), ("statefulset.kubernetes.io/pod-name", ""));
        RecordRevision();
        foreach (var stale in Owned(BuiltInResources.Pod, Uid).Where(p => p.LabelMap.GetValueOrDefault("controller-revision-hash") != revision))
        {
            store.Remove(BuiltInResources.Pod, Ns, stale.Name);
        }

        var pods = EnsurePods(obj, (int)replicas, i => $"{Name}-{i}", labels, PodState);
        var ready = PodState == "running" ? pods : 0;
        var status = Compact(new JsonObject
        {
            ["observedGeneration"] = Generation,
            ["replicas"] = pods,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = done ? pods : 0,
            ["updatedReplicas"] = pods,
            ["availableReplicas"] = ready,
        });
        status["currentRevision"] = done || previousHash is null ? revision : $"{Name}-{previousHash}";
        status["updateRevision"] = revision;
        status["collisionCount"] = 0;
        SetStatus(BuiltInResources.StatefulSet, store.Get(BuiltInResources.StatefulSet, Ns, Name)!, status);
    }

    public void DaemonSet()
    {
        var labels = Labels(("controller-revision-hash", hash));
        RecordRevision();
        foreach (var stale in Owned(BuiltInResources.Pod, Uid).Where(p => p.LabelMap.GetValueOrDefault("controller-revision-hash") != hash))
        {
            store.Remove(BuiltInResources.Pod, Ns, stale.Name);
        }

        var pods = EnsurePods(obj, 1, _ => $"{Name}-{Names.Random(5)}", labels, PodState);
        var ready = PodState == "running" ? pods : 0;
        var status = Compact(new JsonObject
        {
            ["currentNumberScheduled"] = pods,
            ["desiredNumberScheduled"] = 1,
            ["numberMisscheduled"] = 0,
            ["numberReady"] = ready,
            ["numberAvailable"] = ready,
            ["numberUnavailable"] = pods - ready,
            ["updatedNumberScheduled"] = pods,
            ["observedGeneration"] = Generation,
        });
        status["desiredNumberScheduled"] = 1;
        status["numberMisscheduled"] = 0;
        SetStatus(BuiltInResources.DaemonSet, store.Get(BuiltInResources.DaemonSet, Ns, Name)!, status);
    }

    public void Job()
    {
        var completions = Json.Int(obj, "spec", "completions") ?? 1;
        var labels = Labels(("batch.kubernetes.io/job-name", Name), ("job-name", Name));
        EnsurePods(obj, 1, _ => $"{Name}-{Names.Random(5)}", labels, failing ? "failing" : done ? "succeeded" : "creating");
        var current = obj["status"] as JsonObject;
        var status = new JsonObject
        {
            ["startTime"] = current?["startTime"]?.DeepClone() ?? Json.Now(),
        };
        if (done)
        {
            status["completionTime"] = current?["completionTime"]?.DeepClone() ?? Json.Now();
            status["succeeded"] = completions;
            status["conditions"] = new JsonArray(
                Condition(current, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
                Condition(current, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"));
        }
        else
        {
            status["active"] = 1;
        }

        status["ready"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        SetStatus(BuiltInResources.Job, store.Get(BuiltInResources.Job, Ns, Name)!, status);
    }

    JsonObject Labels(params (string Key, string Value)[] extra)
    {
        var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? new JsonObject();
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    List<StoredObject> Owned(ResourceType type, string ownerUid) =>
        [.. store.List(type, Ns).Where(o => o.OwnerUids.Contains(ownerUid))];

    /// <summary>Keeps exactly <paramref name="count"/> pods owned by <paramref name="owner"/>, each in the wanted state.</summary>
    int EnsurePods(JsonObject owner, int count, Func<int, string> name, JsonObject labels, string state)
    {
        var ownerUid = Json.Str(owner, "metadata", "uid")!;
        var pods = Owned(BuiltInResources.Pod, ownerUid);
        foreach (var extra in pods.Skip(count))
        {
            store.Remove(BuiltInResources.Pod, Ns, extra.Name);
        }

        pods = [.. pods.Take(count)];
        var existing = pods.Select(p => p.Name).ToHashSet();
        for (var i = 0; pods.Count < count && i < count * 4; i++)
        {
            var podName = name(i);
            if (existing.Contains(podName) || store.Get(BuiltInResources.Pod, Ns, podName) is not null)
            {
                continue;
            }

            var podLabels = labels.DeepClone().AsObject();
            if (podLabels.ContainsKey("statefulset.kubernetes.io/pod-name"))
            {
                podLabels["statefulset.kubernetes.io/pod-name"] = podName;
            }

            var spec = template["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
            spec["nodeName"] = "kubesim-node";
            var pod = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = podName, ["labels"] = podLabels, ["ownerReferences"] = new JsonArray(OwnerRef(owner)) },
                ["spec"] = spec,
                ["status"] = PodStatus(spec, state),
            };
            pods.Add(Save(BuiltInResources.Pod, null, pod));
            existing.Add(podName);
            if (state == "failing")
            {
                PullFailedEvents(pods[^1]);
            }
        }

        foreach (var pod in pods)
        {
            var parsed = pod.Parse();
            var wanted = PodStatus(parsed["spec"] as JsonObject ?? new JsonObject(), state);
            if (StateKey(parsed["status"]) != StateKey(wanted))
            {
                parsed["status"] = wanted;
                store.Put(BuiltInResources.Pod, parsed, "MODIFIED");
            }
        }

        return pods.Count;
    }

    static string StateKey(JsonNode? status) =>
        $"{Json.Str(status, "phase")}/{string.Join(',', (status?["containerStatuses"] as JsonArray ?? []).Select(c => Json.Str(c, "state", "waiting", "reason") ?? Json.Str(c, "ready")))}";

    JsonObject PodStatus(JsonObject spec, string state)
    {
        var now = Json.Now();
        var containers = new JsonArray();
        var allReady = state is "running";
        foreach (var c in (spec["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = Json.Str(c, "image") ?? "";
            var pullFails = state == "failing" && !allReady && Failing(image);
            JsonObject containerState = state switch
            {
                "running" => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                "succeeded" => new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = now, ["finishedAt"] = now } },
                "failing" when pullFails => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\"" } },
                "failing" => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                _ => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
            };
            var ready = state == "running" || (state == "failing" && !pullFails);
            containers.Add(new JsonObject
            {
                ["name"] = Json.Str(c, "name"),
                ["image"] = image,
                ["imageID"] = "",
                ["ready"] = ready,
                ["restartCount"] = 0,
                ["started"] = ready,
                ["state"] = containerState,
            });
        }

        var phase = state switch { "running" => "Running", "succeeded" => "Succeeded", _ => "Pending" };
        var readyCondition = state == "running" ? "True" : "False";
        return new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastTransitionTime"] = now },
                new JsonObject { ["type"] = "Ready", ["status"] = readyCondition, ["lastTransitionTime"] = now, ["reason"] = state == "running" ? null : "ContainersNotReady" }),
            ["hostIP"] = "10.0.0.1",
            ["podIP"] = $"10.244.{Random.Shared.Next(250)}.{Random.Shared.Next(2, 250)}",
            ["startTime"] = now,
            ["containerStatuses"] = containers,
        };
    }

    bool Failing(string image) => failing && (FailImage?.Invoke(image) ?? true);

    /// <summary>Which images fail; set by the controller so mixed pods fail only on the matching container.</summary>
    public Func<string, bool>? FailImage { get; init; }

    void PullFailedEvents(StoredObject pod)
    {
        var parsed = pod.Parse();
        foreach (var c in (parsed["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Where(c => Failing(Json.Str(c, "image") ?? "")))
        {
            var image = Json.Str(c, "image");
            foreach (var (reason, message) in new[]
            {
                ("Failed", $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"),
                ("BackOff", $"Back-off pulling image \"{image}\""),
            })
            {
                var now = Json.Now();
                Save(BuiltInResources.Event, null, new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = $"{pod.Name}.{Names.Random(8)}" },
                    ["involvedObject"] = new JsonObject
                    {
                        ["kind"] = "Pod", ["namespace"] = Ns, ["name"] = pod.Name, ["uid"] = pod.Uid, ["apiVersion"] = "v1",
                        ["fieldPath"] = $"spec.containers{{{Json.Str(c, "name")}}}",
                    },
                    ["reason"] = reason,
                    ["message"] = message,
                    ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = "kubesim-node" },
                    ["firstTimestamp"] = now,
                    ["lastTimestamp"] = now,
                    ["count"] = 1,
                    ["type"] = "Warning",
                    ["reportingComponent"] = "kubelet",
                    ["reportingInstance"] = "kubesim-node",
                });
            }
        }
    }

    StoredObject Save(ResourceType type, StoredObject? existing, JsonObject desired)
    {
        var metadata = Json.Metadata(desired);
        var old = existing?.Parse();
        metadata["namespace"] = Ns;
        metadata["uid"] = Json.Str(old, "metadata", "uid") ?? Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Json.Str(old, "metadata", "creationTimestamp") ?? Json.Now();
        if (type.HasGeneration)
        {
            metadata["generation"] = (Json.Int(old, "metadata", "generation") ?? 0) + 1;
        }

        desired["apiVersion"] = type.ApiVersion;
        desired["kind"] = type.Kind;
        if (old?["status"] is { } status && desired["status"] is null)
        {
            desired["status"] = status.DeepClone();
        }

        return store.Put(type, desired, existing is null ? "ADDED" : "MODIFIED");
    }

    void SetStatus(ResourceType type, StoredObject stored, JsonObject status)
    {
        var parsed = stored.Parse();
        if (Json.DeepEquals(parsed["status"], status))
        {
            return;
        }

        parsed["status"] = status;
        store.Put(type, parsed, "MODIFIED");
    }

    static JsonObject Compact(JsonObject status)
    {
        foreach (var key in status.Where(p => Json.Int(p.Value) == 0).Select(p => p.Key).ToList())
        {
            status.Remove(key);
        }

        return status;
    }

    static JsonObject OwnerRef(JsonObject owner) => new()
    {
        ["apiVersion"] = Json.Str(owner, "apiVersion"),
        ["kind"] = Json.Str(owner, "kind"),
        ["name"] = Json.Str(owner, "metadata", "name"),
        ["uid"] = Json.Str(owner, "metadata", "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    static JsonObject Condition(JsonObject? status, string type, string value, string reason, string message)
    {
        var old = (status?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => Json.Str(c, "type") == type);
        var now = Json.Now();
        var sameStatus = Json.Str(old, "status") == value;
        var same = sameStatus && Json.Str(old, "reason") == reason && Json.Str(old, "message") == message;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = value,
            ["lastUpdateTime"] = same ? Json.Str(old, "lastUpdateTime") ?? now : now,
            ["lastTransitionTime"] = sameStatus ? Json.Str(old, "lastTransitionTime") ?? now : now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
