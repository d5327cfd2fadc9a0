using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>An API error answered as a metav1.Status body, shaped like kube-apiserver's.</summary>
sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject Status() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason.Length == 0 ? null : Reason,
        ["details"] = details?.DeepClone(),
        ["code"] = Code,
    };

    static JsonObject Details(ResourceType type, string? name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group.Length == 0 ? null : type.Group,
        ["kind"] = type.Plural,
    };

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedPlural} \"{name}\" not found", Details(type, name));

    public static ApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedPlural} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", Details(type, name));

    public static ApiException Invalid(ResourceType type, string name, string field, string detail) =>
        Invalid(type, name, [new FieldError(field, "FieldValueInvalid", detail)]);

    /// <summary>422 with every field error, as apierrors.NewInvalid words it: one inline, several in brackets.</summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group.Length == 0 ? null : type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Reason, ["message"] = e.Body, ["field"] = e.Field })]),
        };
        var kind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        var all = errors.Select(e => $"{e.Field}: {e.Body}").ToList();
        var text = all.Count == 1 ? all[0] : "[" + string.Join(", ", all) + "]";
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {text}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException RouteNotFound() => new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException MethodNotAllowed() => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Injected() => new(500, "InternalError", "Internal error occurred: fault injected by kubesim (--error-rate)", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = "fault injected by kubesim (--error-rate)" }) });

    public const string PatchMediaTypes = "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    public static ApiException UnsupportedMediaType(string accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {accepted}");
}
