using Kit.Tracking.Queries;

namespace Kit.Tracking.Api;

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
        {
            if (!DeploymentIds.TryParse(id, out var hex, out var error))
            {
                return Results.BadRequest(new { error });
            }

            var matches = await queries.MatchingIdsAsync(hex, 3, ct);
            return matches.Count switch
            {
                0 => Results.NotFound(new { error = $"no deployment {id}" }),
                1 => await queries.DeploymentAsync(matches[0], ct) is { } deployment ? Results.Ok(deployment)
                    : Results.NotFound(new { error = $"no deployment {id}" }),
                _ => Results.BadRequest(new { error = $"'{id}' is ambiguous: more than one deployment id starts with it ({string.Join(", ", matches.Take(2))}{(matches.Count > 2 ? ", …" : "")}); give more characters" }),
            };
        });
        api.MapGet("/clusters", async (TrackerQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.ClustersAsync(ct)));
        api.MapGet("/clusters/{name}/history", async (TrackerQueries queries, string name, int? limit, CancellationToken ct) =>
            await queries.HistoryAsync(name, Limit(limit), ct) is { Count: > 0 } history ? Results.Ok(history)
            : Results.NotFound(new { error = $"no deployment recorded for cluster {name}" }));
        return endpoints;
    }

    static int Limit(int? limit) => Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
}
