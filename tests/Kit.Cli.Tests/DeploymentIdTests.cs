using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Cli.Commands;
using Kit.Testing;
using Kit.Testing.Tracking;
using Kit.Tracking.Queries;
using Spectre.Console.Testing;

namespace Kit.Cli.Tests;

/// <summary>Deployment ids as the logs print them: the first 8 or more characters find the deployment when unique.</summary>
public sealed class DeploymentIdTests
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    static readonly Guid First = Guid.Parse("abcdef01-1111-4000-8000-000000000001");
    static readonly Guid Second = Guid.Parse("abcdef01-2222-4000-8000-000000000002");
    static readonly Guid Other = Guid.Parse("12345678-9abc-4000-8000-000000000003");

    /// <summary>An id or a unique prefix of one (any case, with or without dashes), and the deployment it names.</summary>
    public static TheoryData<string, string> UniquePrefixes { get; } = new()
    {
        { "12345678", "12345678-9abc-4000-8000-000000000003" }, { "123456789ABC", "12345678-9abc-4000-8000-000000000003" },
        { "abcdef01-1", "abcdef01-1111-4000-8000-000000000001" }, { "abcdef0122", "abcdef01-2222-4000-8000-000000000002" },
        { "abcdef01-2222-4000-8000-000000000002", "abcdef01-2222-4000-8000-000000000002" },
    };

    [Theory]
    [MemberData(nameof(UniquePrefixes))]
    public async Task A_unique_prefix_finds_the_deployment_in_the_api(string id, string expected)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        await RecordAsync(tracker);

        var deployment = await tracker.Http.GetFromJsonAsync<DeploymentView>($"api/deployments/{id}", Json);

        Assert.Equal(Guid.Parse(expected), deployment!.Id);
        Assert.NotNull(deployment.Clusters);
    }

    [Theory]
    [InlineData("abcdef01", HttpStatusCode.BadRequest, "'abcdef01' is ambiguous: more than one deployment id starts with it (abcdef01-1111-4000-8000-000000000001, abcdef01-2222-4000-8000-000000000002); give more characters")]
    [InlineData("abcdef0", HttpStatusCode.BadRequest, "abcdef0 is too short for a deployment id: give at least its first 8 characters")]
    [InlineData("abcdef01x", HttpStatusCode.BadRequest, "abcdef01x is not a deployment id: give the id or at least its first 8 characters, as the logs print it")]
    [InlineData("99999999", HttpStatusCode.NotFound, "no deployment 99999999")]
    public async Task An_ambiguous_short_or_unknown_id_is_refused_with_one_line(string id, HttpStatusCode status, string error)
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        await RecordAsync(tracker);

        using var response = await tracker.Http.GetAsync($"api/deployments/{id}");

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Kit_status_takes_a_short_id_and_says_when_one_is_ambiguous()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var tracker = await TrackerApp.StartAsync(database);
        await RecordAsync(tracker);
        using var http = new HttpClient();
        StatusRequest Request(string id) => new(id, false, tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));

        var found = new TestConsole().Width(200);
        var ambiguous = new TestConsole().Width(200);
        var foundCode = await StatusCommand.Handler(Request("12345678"), found, http, CancellationToken.None);
        var ambiguousCode = await StatusCommand.Handler(Request("abcdef01"), ambiguous, http, CancellationToken.None);

        Assert.Equal((ExitCodes.Ok, ExitCodes.Usage), (foundCode, ambiguousCode));
        Assert.Contains($"Deployment {Other}", found.Output);
        var line = Assert.Single(ambiguous.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kit: 'abcdef01' is ambiguous: more than one deployment id starts with it", line);
    }

    static async Task RecordAsync(TrackerApp tracker)
    {
        foreach (var id in new[] { First, Second, Other })
        {
            await tracker.Bus.Publish(Events.Planned(id, "abc1234", "eu-1"));
        }

        var recorded = await Eventually.HoldsAsync(async () =>
        {
            var list = await tracker.Http.GetFromJsonAsync<List<DeploymentView>>("api/deployments", Json);
            return list!.Count == 3 && list.All(d => d.Planned);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(recorded, "the tracker never recorded the deployments");
    }
}
