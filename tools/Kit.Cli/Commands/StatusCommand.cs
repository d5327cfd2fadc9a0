using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kit.Cli.Output;
using Kit.Tracking.Queries;
using Kit.Yaml;
using Spectre.Console;

namespace Kit.Cli.Commands;

/// <summary><c>kit status</c>: a deployment's progress and clusters, or what runs where, from the tracker's API.</summary>
public static class StatusCommand
{
    /// <summary>The deployments of a cluster read for <c>kit status CLUSTER</c>.</summary>
    const int HistoryShown = 200;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Command Create()
    {
        var id = new Argument<string?>("DEPLOYMENT_ID") { Description = "The deployment (its id), or a cluster (its name: its state, drift and previous good commits); without it, the recent deployments and every cluster", Arity = ArgumentArity.ZeroOrOne };
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the deployment (without an id: the newest) until it completes" };
        var tracker = new Option<string?>("--tracker")
        {
            Description = $"The tracker's URL [default: $Kit__Tracker__Url, else the one a running kit up serves on, else {StatusRequest.DefaultTracker}]",
            DefaultValueFactory = SharedOptions.EnvironmentDefault("Kit__Tracker__Url"),
        };
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes with --watch", DefaultValueFactory = _ => 2 };
        var timeout = new Option<double>("--timeout") { Description = "Stop watching after this many seconds", DefaultValueFactory = _ => 3600 };
        var format = OutputFormat.Option("tables with more columns", "tables");

        var command = new Command("status", """
            Show a deployment's progress and its clusters, or the recent deployments and what runs on every cluster.
            Example: kit status 3f2a…  --watch --tracker http://tracker:5104
            """)
        {
            id, watch, tracker, interval, timeout, format,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new StatusRequest(
                result.GetValue(id),
                result.GetValue(watch),
                result.GetValue(tracker),
                TimeSpan.FromSeconds(Math.Max(0.1, result.GetValue(interval))),
                TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))))
            {
                Output = result.GetValue(format),
            };
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            return await Handler(request, CliConsole.Create(), http, cancellationToken);
        });
        return command;
    }

    /// <summary>Prints the status; exits <see cref="ExitCodes.Failed"/> when the deployment shown failed.</summary>
    public static async Task<int> Handler(StatusRequest request, IAnsiConsole console, HttpClient http, CancellationToken cancellationToken)
    {
        var upFile = request.UpAddressFile ?? UpAddress.DefaultFile;
        var fromUp = string.IsNullOrWhiteSpace(request.Tracker) ? UpAddress.Read(upFile) : null;
        var trackerUrl = !string.IsNullOrWhiteSpace(request.Tracker) ? request.Tracker : fromUp ?? StatusRequest.DefaultTracker;
        if (!Uri.TryCreate(trackerUrl.TrimEnd('/') + "/", UriKind.Absolute, out var tracker) || (tracker.Scheme != "http" && tracker.Scheme != "https"))
        {
            console.MarkupLine($"[red]kit: --tracker must be an http:// or https:// URL, not {Markup.Escape(trackerUrl)}[/]");
            return ExitCodes.Usage;
        }

        string? id = null;
        string? notAnId = null;
        if (request.DeploymentId is { } text)
        {
            if (!DeploymentIds.TryParse(text, out _, out var invalid))
            {
                // Not a deployment id: a cluster's name, or a mistake.
                if (request.Watch || !ObjectNames.IsDns1123Subdomain(text))
                {
                    console.MarkupLine($"[red]kit: {Markup.Escape(invalid)}[/]");
                    return ExitCodes.Usage;
                }

                notAnId = invalid;
            }
            else
            {
                id = Uri.EscapeDataString(text);
            }
        }

        try
        {
            if (notAnId is not null)
            {
                return await ClusterAsync(request.DeploymentId!, notAnId, tracker, request.Output, console, http, cancellationToken);
            }

            if (id is null && !request.Watch)
            {
                var deployments = await GetAsync<List<DeploymentView>>(http, new Uri(tracker, "api/deployments?limit=10"), cancellationToken) ?? [];
                var clusters = await GetAsync<List<ClusterView>>(http, new Uri(tracker, "api/clusters"), cancellationToken) ?? [];
                if (OutputFormat.IsStructured(request.Output))
                {
                    StructuredWriter.Write(new StatusList(deployments, clusters), request.Output!, console.Profile.Out.Writer);
                    return ExitCodes.Ok;
                }

                var wide = request.Output == OutputFormat.Wide;
                console.Write(StatusView.Deployments(deployments, wide));
                console.Write(StatusView.Clusters(clusters, wide));
                return ExitCodes.Ok;
            }

            if (id is null)
            {
                var newest = (await GetAsync<List<DeploymentView>>(http, new Uri(tracker, "api/deployments?limit=1"), cancellationToken))?.FirstOrDefault();
                if (newest is null)
                {
                    console.MarkupLine("[red]kit: the tracker has no deployment yet[/]");
                    return ExitCodes.Failed;
                }

                id = newest.Id.ToString();
            }

            var deployment = await GetAsync<DeploymentView>(http, new Uri(tracker, $"api/deployments/{id}"), cancellationToken);
            if (deployment is null && request.DeploymentId is { } name && !request.Watch)
            {
                // A cluster's name can look like the start of an id (e.g. "cafe1234").
                return await ClusterAsync(name, null, tracker, request.Output, console, http, cancellationToken);
            }

            if (deployment is null)
            {
                console.MarkupLine($"[red]kit: the tracker has no deployment {Markup.Escape(request.DeploymentId ?? id)}[/]");
                return ExitCodes.Failed;
            }

            if (request.Watch)
            {
                deployment = await WatchAsync(deployment, new Uri(tracker, $"api/deployments/{deployment.Id}"), request, console, http, cancellationToken);
            }

            if (OutputFormat.IsStructured(request.Output))
            {
                StructuredWriter.Write(deployment, request.Output!, console.Profile.Out.Writer);
            }
            else
            {
                console.Write(StatusView.Deployment(deployment, request.Output == OutputFormat.Wide));
            }

            return deployment.Status == DeploymentStatus.Failed ? ExitCodes.Failed : ExitCodes.Ok;
        }
        catch (TrackerRefusedException e)
        {
            console.MarkupLine($"[red]kit: {Markup.Escape(e.Message)}[/]");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested && notAnId is not null)
        {
            // Neither a deployment id nor, as far as can be told, a cluster: the argument is the likelier mistake.
            console.MarkupLine($"[red]kit: {Markup.Escape(notAnId)} (nor could it be looked up as a cluster: cannot reach the tracker at {Markup.Escape(tracker.ToString())})[/]");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var recorded = fromUp is null ? "" : $" (recorded by kit up in {upFile})";
            console.MarkupLine($"[red]kit: cannot reach the tracker at {Markup.Escape(tracker.ToString())}{Markup.Escape(recorded)}: {Markup.Escape(e.Message.Split('\n')[0])}[/]");
            return ExitCodes.Unreachable;
        }
        catch (NotATrackerException e)
        {
            console.MarkupLine($"[red]kit: {Markup.Escape(tracker.ToString())} is not a kit tracker: {Markup.Escape(e.Message)}; give the tracker's URL with --tracker or Kit__Tracker__Url[/]");
            return ExitCodes.Unreachable;
        }
    }

    /// <summary>
    /// <c>kit status CLUSTER</c>: the cluster's state, drift and previous good commits; exit 1 when the tracker knows no
    /// such cluster (nor, for an argument that could be one, such a deployment).
    /// </summary>
    static async Task<int> ClusterAsync(string name, string? notAnId, Uri tracker, string? format, IAnsiConsole console, HttpClient http, CancellationToken cancellationToken)
    {
        var clusters = await GetAsync<List<ClusterView>>(http, new Uri(tracker, "api/clusters"), cancellationToken) ?? [];
        if (clusters.FirstOrDefault(c => c.Cluster == name) is not { } cluster)
        {
            console.MarkupLine(notAnId is null
                ? $"[red]kit: the tracker has no deployment {Markup.Escape(name)} and no cluster of that name[/]"
                : $"[red]kit: {Markup.Escape(notAnId)}, and the tracker knows no cluster {Markup.Escape(name)}[/]");
            return ExitCodes.Failed;
        }

        var history = await GetAsync<List<ClusterHistoryEntry>>(http, new Uri(tracker, $"api/clusters/{Uri.EscapeDataString(name)}/history?limit={HistoryShown}"), cancellationToken) ?? [];
        if (OutputFormat.IsStructured(format))
        {
            StructuredWriter.Write(new ClusterStatus(cluster, StatusView.GoodCommits(history)), format!, console.Profile.Out.Writer);
            return ExitCodes.Ok;
        }

        console.Write(StatusView.Cluster(cluster, history, format == OutputFormat.Wide));
        return ExitCodes.Ok;
    }

    /// <summary>Polls until the deployment completes or the timeout passes, printing each change of progress.</summary>
    static async Task<DeploymentView> WatchAsync(DeploymentView deployment, Uri url, StatusRequest request, IAnsiConsole console, HttpClient http, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        var last = "";
        try
        {
            while (true)
            {
                // json and yaml print one document, the deployment as it ended: no progress lines before it.
                var line = StatusView.ProgressLine(deployment);
                if (line != last && !OutputFormat.IsStructured(request.Output))
                {
                    console.MarkupLine(line);
                    last = line;
                }

                if (deployment.Status != DeploymentStatus.Running)
                {
                    return deployment;
                }

                await Task.Delay(request.Interval, timeout.Token);
                deployment = await GetAsync<DeploymentView>(http, url, timeout.Token) ?? deployment;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!OutputFormat.IsStructured(request.Output))
            {
                console.MarkupLine($"[yellow]still running after {request.Timeout.TotalSeconds:0} s[/]");
            }

            return deployment;
        }
    }

    /// <summary>The answer, or null for the tracker's own 404 (a JSON error); anything a kit tracker would not answer throws <see cref="NotATrackerException"/>.</summary>
    static async Task<T?> GetAsync<T>(HttpClient http, Uri url, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await http.GetAsync(url, cancellationToken);
        var request = $"GET {url.PathAndQuery}";
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var json = mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);
        if (response.StatusCode == HttpStatusCode.NotFound && json
            && (url.AbsolutePath.Contains("/api/deployments/", StringComparison.Ordinal) || url.AbsolutePath.Contains("/api/clusters/", StringComparison.Ordinal)))
        {
            return null;
        }

        if (response.StatusCode == HttpStatusCode.BadRequest
            && await ErrorOf(response, cancellationToken) is { } refused)
        {
            // The tracker's own words: an ambiguous or malformed id.
            throw new TrackerRefusedException(refused);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new NotATrackerException($"{request} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (!json)
        {
            throw new NotATrackerException($"{request} answered {(mediaType.Length == 0 ? "no content type" : mediaType)}, not the tracker's JSON");
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new NotATrackerException($"{request} answered null, not the tracker's JSON");
        }
        catch (JsonException)
        {
            throw new NotATrackerException($"{request} answered JSON that is not the tracker's");
        }
    }


    static async Task<string?> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()!.ReplaceLineEndings(" ")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The tracker answered 400 with its reason.</summary>
    sealed class TrackerRefusedException(string message) : Exception(message);

    /// <summary>The server answered, but not as a kit tracker does.</summary>
    sealed class NotATrackerException(string message) : Exception(message);
}
