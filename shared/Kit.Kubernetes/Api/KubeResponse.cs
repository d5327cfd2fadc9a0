using System.Net;
using System.Text.Json.Nodes;

namespace Kit.Kubernetes.Api;

/// <summary>An API answer: the status and the JSON body (a <c>Status</c> object on errors).</summary>
public sealed record KubeResponse(HttpStatusCode Status, JsonNode? Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? Reason => Body?["reason"]?.GetValue<string>();

    public string Message => Body?["message"]?.GetValue<string>() ?? $"{(int)Status} {Status}";

    /// <summary>The body, or a <see cref="KubeApiException"/> saying what was refused.</summary>
    public JsonNode Ensure(string what)
    {
        if (!IsSuccess)
        {
            throw new KubeApiException(Status, Reason, $"{what}: {Message}");
        }

        return Body ?? new JsonObject();
    }
}
