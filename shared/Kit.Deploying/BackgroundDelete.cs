using System.Net;
using Kit.Kubernetes.Api;

namespace Kit.Deploying;

/// <summary>kit's one way of deleting an object: propagation <c>Background</c> (dependents go after it), gone already is fine.</summary>
static class BackgroundDelete
{
    public static async Task SendAsync(ClusterConnection cluster, string path, string what, CancellationToken cancellationToken)
    {
        var response = await cluster.SendAsync(HttpMethod.Delete, $"{path}?propagationPolicy=Background", null, null, cancellationToken, readBody: false);
        if (response.Status != HttpStatusCode.NotFound)
        {
            response.Ensure(what);
        }
    }
}
