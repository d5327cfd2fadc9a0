using System.Net;

namespace Kit.Kubernetes.Api;

/// <summary>The API server refused a request; the message is the server's Status message.</summary>
public sealed class KubeApiException(HttpStatusCode status, string? reason, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The Status body's reason: <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>…</summary>
    public string? Reason { get; } = reason;
}
