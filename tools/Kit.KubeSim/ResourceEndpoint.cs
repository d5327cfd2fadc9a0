using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.KubeSim.Schemas;
using Microsoft.AspNetCore.Http;

namespace Kit.KubeSim;

/// <summary>The verbs on one resource URL: get, list, watch, create, update, patch/apply, delete.</summary>
sealed class ResourceEndpoint(RequestContext request, ApiRequest api)
{
    ResourceOperations Ops => request.Cluster.Operations;

    bool DryRun => request.Query("dryRun") == "All";

    bool StatusWrite => api.Subresource == "status";

    bool WantsTable => request.Context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public async Task HandleAsync()
    {
        request.Resource = api.Type.Plural;
        request.Namespace = api.Namespace;
        request.Name = api.Name;
        request.FieldManager = request.Query("fieldManager");
        if (api.Subresource == "scale" && api.Name is not null && ScaleSubresource.Supports(api.Type) && api.Namespace is not null)
        {
            await ScaleAsync();
            return;
        }

        if (api.Subresource is not (null or "status"))
        {
            throw ApiException.RouteNotFound();
        }

        var method = request.Context.Request.Method;
        if (api.Name is null)
        {
            switch (method)
            {
                case "GET" when request.Query("watch") is "true" or "1":
                    request.Verb = "watch";
                    await WatchAsync();
                    return;
                case "GET":
                    request.Verb = "list";
                    await ListAsync();
                    return;
                case "POST":
                    request.Verb = "create";
                    await CreateAsync();
                    return;
                case "DELETE":
                    request.Verb = "deletecollection";
                    await DeleteCollectionAsync();
                    return;
                default:
                    throw ApiException.MethodNotAllowed();
            }
        }

        if (api.Type.Namespaced && api.Namespace is null)
        {
            throw ApiException.RouteNotFound();
        }

        switch (method)
        {
            case "GET":
                request.Verb = "get";
                var obj = Ops.Get(api.Type, api.Namespace, api.Name);
                request.ResourceVersion = obj.ResourceVersion;
                if (WantsTable)
                {
                    await request.OkAsync(TableWriter.Table(api.Type, [obj], obj.ResourceVersion, request.Query("includeObject")));
                }
                else
                {
                    await WriteRawAsync(200, obj.Json);
                }

                return;
            case "PUT":
                request.Verb = "update";
                var text = await request.BodyAsync(api.Type);
                var body = RequestContext.ParseBody(text);
                request.Describe(body);
                Validate().Decoded(body, FieldValidation.Duplicates(text), prefixed: true);
                var updated = Ops.Update(api.Type, api.Namespace, api.Name, body, Manager(), DryRun, StatusWrite);
                await WrittenAsync(200, updated);
                return;
            case "PATCH":
                await PatchAsync();
                return;
            case "DELETE":
                request.Verb = "delete";
                await DeleteAsync();
                return;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    async Task ScaleAsync()
    {
        var method = request.Context.Request.Method;
        var current = ScaleSubresource.Of(Ops.Get(api.Type, api.Namespace, api.Name!));
        switch (method)
        {
            case "GET":
                request.Verb = "get";
                await request.OkAsync(current);
                return;
            case "PUT" or "PATCH":
                request.Verb = method == "PUT" ? "update" : "patch";
                var text = await request.BodyAsync();
                var contentType = request.Context.Request.ContentType ?? "";
                JsonObject scale;
                if (method == "PUT")
                {
                    scale = RequestContext.ParseBody(text);
                }
                else if (contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal))
                {
                    scale = Merging.JsonPatch(current, JsonNode.Parse(text) as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array"));
                }
                else
                {
                    scale = current;
                    Merging.MergePatch(scale, RequestContext.ParseBody(text));
                }

                var written = ScaleSubresource.Write(Ops, api.Type, api.Namespace, api.Name!, scale, Manager(), DryRun);
                request.ResourceVersion = written.ResourceVersion;
                await request.OkAsync(ScaleSubresource.Of(written));
                return;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    string Manager()
    {
        if (request.FieldManager is { Length: > 0 } manager)
        {
            return manager;
        }

        // kube-apiserver's default: the user agent up to its first '/', printable characters only, at most 128.
        var agent = request.Context.Request.Headers.UserAgent.ToString();
        var product = new string([.. agent.Split('/')[0].Where(c => !char.IsControl(c)).Take(128)]);
        request.FieldManager = product;
        return request.FieldManager;
    }

    /// <summary>The request's fieldValidation directive; its warnings go out as Warning headers once the request succeeds.</summary>
    FieldValidation Validate()
    {
        var validation = FieldValidation.For(api.Type, request.Query("fieldValidation"));
        request.Context.Response.OnStarting(() =>
        {
            if (request.Context.Response.StatusCode < 300)
            {
                foreach (var warning in validation.Warnings)
                {
                    request.Context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
                }
            }

            return Task.CompletedTask;
        });
        return validation;
    }

    async Task CreateAsync()
    {
        var text = await request.BodyAsync(api.Type);
        var body = RequestContext.ParseBody(text);
        request.Describe(body);
        Validate().Decoded(body, FieldValidation.Duplicates(text), prefixed: true);
        request.Name = Json.Str(body, "metadata", "name");
        if (api.Type.Namespaced && api.Namespace is null)
        {
            throw ApiException.RouteNotFound();
        }

        var created = Ops.Create(api.Type, api.Namespace, body, Manager(), DryRun);
        request.Name = created.Name;
        await WrittenAsync(201, created);
    }

    async Task PatchAsync()
    {
        var contentType = request.Context.Request.ContentType ?? "";
        var isApply = contentType.StartsWith("application/apply-patch", StringComparison.Ordinal);
        request.Verb = isApply ? "apply" : "patch";
        if (isApply && string.IsNullOrEmpty(request.FieldManager))
        {
            throw ApiException.BadRequest("PATCH, application/apply-patch+yaml: fieldManager is required");
        }

        var text = await request.BodyAsync();
        var existed = Ops.Store.Get(api.Type, api.Namespace, api.Name!) is not null;
        var validation = Validate();
        var force = request.Query("force") is "true" or "1";
        StoredObject result;
        if (isApply)
        {
            var applied = YamlJson.ParseObject(text);
            request.Describe(applied);
            validation.Applied(applied, api.Namespace, api.Name!, FieldValidation.Duplicates(text));
            result = Ops.Apply(api.Type, api.Namespace, api.Name!, applied, Manager(), force, DryRun, StatusWrite);
        }
        else
        {
            var duplicates = FieldValidation.Duplicates(text);
            result = Ops.Patch(api.Type, api.Namespace, api.Name!, contentType, text, Manager(), force, DryRun, StatusWrite, patched => validation.Decoded(patched, duplicates, prefixed: false));
            request.Describe(result.Parse());
        }

        await WrittenAsync(isApply && !existed ? 201 : 200, result);
    }

    async Task DeleteAsync()
    {
        var text = await request.BodyAsync();
        var options = text.Trim().Length > 0 ? RequestContext.ParseBody(text) : new JsonObject();
        var propagation = request.Query("propagationPolicy") ?? Json.Str(options, "propagationPolicy");
        var dryRun = DryRun || (options["dryRun"] as JsonArray)?.Any(d => d?.ToString() == "All") == true;
        var gone = Ops.Delete(api.Type, api.Namespace, api.Name!, propagation, Json.Str(options, "preconditions", "uid"), Json.Str(options, "preconditions", "resourceVersion"), dryRun);
        request.ResourceVersion = gone.ResourceVersion;
        await request.OkAsync(new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = new JsonObject
            {
                ["name"] = api.Name,
                ["group"] = api.Type.Group.Length == 0 ? null : api.Type.Group,
                ["kind"] = api.Type.Plural,
                ["uid"] = gone.Uid,
            },
        });
    }

    async Task DeleteCollectionAsync()
    {
        var items = Ops.List(api.Type, api.Namespace, LabelSelector.Parse(request.Query("labelSelector")), FieldSelector.Parse(request.Query("fieldSelector")));
        var gone = items.Select(i => Ops.Delete(api.Type, i.Namespace, i.Name, request.Query("propagationPolicy"), null, null, DryRun)).ToList();
        await WriteListAsync(gone, Ops.Store.ResourceVersion);
    }

    async Task ListAsync()
    {
        var rv = Ops.Store.ResourceVersion;
        var items = Ops.List(api.Type, api.Namespace, LabelSelector.Parse(request.Query("labelSelector")), FieldSelector.Parse(request.Query("fieldSelector")));
        if (WantsTable)
        {
            await request.OkAsync(TableWriter.Table(api.Type, items, rv, request.Query("includeObject")));
            return;
        }

        await WriteListAsync(items, rv);
    }

    async Task WriteListAsync(List<StoredObject> items, long rv)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", api.Type.ListKind);
            writer.WriteString("apiVersion", api.Type.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", RequestContext.Rv(rv));
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteRawValue(item.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        request.ResourceVersion = rv;
        await WriteRawAsync(200, buffer.ToArray());
    }

    async Task WatchAsync()
    {
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"));
        var timeout = TimeSpan.FromSeconds(double.TryParse(request.Query("timeoutSeconds"), out var t) && t > 0 ? t : 1800);
        var store = Ops.Store;
        var watcher = new Watcher(api.Type, api.Namespace);
        var from = request.Query("resourceVersion");
        var initialEnd = request.Query("sendInitialEvents") == "true";
        var response = request.Context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        try
        {
            if (string.IsNullOrEmpty(from) || from == "0" || initialEnd)
            {
                foreach (var obj in store.SubscribeWithInitial(watcher, api.Type, api.Namespace))
                {
                    if (labels.Matches(obj.LabelMap) && fields.Matches(obj))
                    {
                        await WriteEventAsync("ADDED", obj.Json);
                    }
                }

                if (initialEnd)
                {
                    var bookmark = new JsonObject
                    {
                        ["kind"] = api.Type.Kind,
                        ["apiVersion"] = api.Type.ApiVersion,
                        ["metadata"] = new JsonObject
                        {
                            ["resourceVersion"] = RequestContext.Rv(store.ResourceVersion),
                            ["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" },
                        },
                    };
                    await WriteEventAsync("BOOKMARK", Json.Bytes(bookmark));
                }
            }
            else
            {
                var replay = long.TryParse(from, out var rv) ? store.Subscribe(watcher, api.Type, api.Namespace, rv) : null;
                if (replay is null)
                {
                    var gone = new ApiException(410, "Expired", $"too old resource version: {from} ({store.ResourceVersion})").Status();
                    await WriteEventAsync("ERROR", Json.Bytes(gone));
                    return;
                }

                foreach (var e in replay)
                {
                    await SendFilteredAsync(e, labels, fields);
                }
            }

            await response.Body.FlushAsync(request.Context.RequestAborted);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(request.Context.RequestAborted);
            cts.CancelAfter(timeout);
            try
            {
                await foreach (var e in watcher.Events.Reader.ReadAllAsync(cts.Token))
                {
                    await SendFilteredAsync(e, labels, fields);
                }
            }
            catch (OperationCanceledException) when (!request.Context.RequestAborted.IsCancellationRequested)
            {
                // The watch's timeoutSeconds ran out: end the stream, as kube-apiserver does.
            }

            if (request.Cluster.IsDown)
            {
                request.Context.Abort();
            }
        }
        finally
        {
            store.Unsubscribe(watcher);
        }
    }

    /// <summary>As kube-apiserver does for a filtered watch: an object that starts matching is ADDED, one that stops is DELETED.</summary>
    async Task SendFilteredAsync(WatchEvent e, LabelSelector labels, FieldSelector fields)
    {
        // Field values of the previous version are not kept; its labels are.
        var fieldsMatch = fields.Matches(e.Object);
        var now = fieldsMatch && labels.Matches(e.Object.LabelMap);
        var before = fieldsMatch && e.PreviousLabels is { } previous && labels.Matches(previous);
        var type = e.Type switch
        {
            "MODIFIED" when now && !before => "ADDED",
            "MODIFIED" when !now && before => "DELETED",
            _ => e.Type,
        };
        if (now || (type == "DELETED" && before))
        {
            await WriteEventAsync(type, e.Object.Json);
        }
    }

    async Task WriteEventAsync(string type, byte[] obj)
    {
        byte[] payload = obj;
        if (WantsTable && type != "ERROR" && type != "BOOKMARK")
        {
            var stored = Ops.Store.Get(api.Type, api.Namespace, Json.Str(Json.Parse(obj), "metadata", "name") ?? "");
            if (stored is not null)
            {
                payload = Json.Bytes(TableWriter.Table(api.Type, [stored], stored.ResourceVersion, request.Query("includeObject")));
            }
        }

        var body = request.Context.Response.Body;
        await body.WriteAsync("{\"type\":\""u8.ToArray(), request.Context.RequestAborted);
        await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(type), request.Context.RequestAborted);
        await body.WriteAsync("\",\"object\":"u8.ToArray(), request.Context.RequestAborted);
        await body.WriteAsync(payload, request.Context.RequestAborted);
        await body.WriteAsync("}\n"u8.ToArray(), request.Context.RequestAborted);
        await body.FlushAsync(request.Context.RequestAborted);
    }

    async Task WrittenAsync(int code, StoredObject obj)
    {
        request.ResourceVersion = obj.ResourceVersion;
        await WriteRawAsync(code, obj.Json);
    }

    async Task WriteRawAsync(int code, byte[] json)
    {
        request.Status = code;
        var response = request.Context.Response;
        response.StatusCode = code;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(json, request.Context.RequestAborted);
    }
}
