using Kit.Tracking.Queries;

namespace Kit.Tracker.Api;

/// <summary>The tracker's read API, used by <c>kit status</c>.</summary>
public static class TrackerApi
{
    const int DefaultLimit = 50;
    const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapTrackerApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/deployments", async (TrackerQueries queries, int? limit, CancellationToken ct) =>
            Results.Ok(await queries.DeploymentsAsync(Limit(limit), ct)));
        api.MapGet("/deployments/{id}", async (TrackerQueries queries, string id, CancellationToken ct) =>
            !Guid.TryParse(id, out var guid) ? Results.BadRequest(new { error = $"'{id}' is not a deployment id (a GUID)" })
            : await queries.DeploymentAsync(guid, ct) is { } deployment ? Results.Ok(deployment)
            : Results.NotFound(new { error = $"no deployment {guid}" }));
        api.MapGet("/clusters", async (TrackerQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.ClustersAsync(ct)));
        api.MapGet("/clusters/{name}/history", async (TrackerQueries queries, string name, int? limit, CancellationToken ct) =>
            await queries.HistoryAsync(name, Limit(limit), ct) is { Count: > 0 } history ? Results.Ok(history)
            : Results.NotFound(new { error = $"no deployment recorded for cluster {name}" }));
        return endpoints;
    }

    static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}
