using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Kit.KubeSim;

namespace Kit.Bench;

/// <summary>
/// kubesim: server-side applies per second against one simulated cluster over HTTPS, then the
/// peak memory of 1,000 simulated clusters holding 20 applied objects each.
/// </summary>
static class KubesimScenario
{
    const int FleetClusters = 1000;
    const int ObjectsPerCluster = 20;

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 && double.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 10;
        var total = Stopwatch.StartNew();
        var (applies, appliesOk) = await AppliesPerSecondAsync(TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"server-side applies: {applies:0} per second against one cluster");

        var fleet = Stopwatch.StartNew();
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Clusters = FleetClusters, RolloutSeconds = 0 });
        var failures = 0;
        await Parallel.ForEachAsync(sim.Clusters, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (cluster, ct) =>
        {
            using var http = cluster.CreateHttpClient();
            for (var i = 0; i < ObjectsPerCluster; i++)
            {
                var (path, body) = Manifest(i, "v1");
                if (!(await ApplyAsync(http, path, body, ct)).IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.Delay(500);
        var missing = sim.Clusters.Sum(c => Enumerable.Range(0, ObjectsPerCluster).Count(i => c.Get(Kind(i), "default", $"obj-{i}") is null));
        var objects = sim.Clusters.Sum(c => c.ObjectCount);
        GC.Collect();
        var peak = BenchResult.PeakMegabytes();
        Console.WriteLine($"{FleetClusters} clusters x {ObjectsPerCluster} objects applied in {fleet.Elapsed.TotalSeconds:0.0}s: {objects} stored objects (with namespaces, ReplicaSets, Pods), {missing} missing, {failures} failed applies, peak {peak:0} MiB");
        var ok = appliesOk && failures == 0 && missing == 0 && peak < 1024;
        return new BenchResult(ok, total.Elapsed, new Dictionary<string, object>
        {
            ["applies_per_sec"] = Math.Round(applies, 1),
            ["clusters"] = FleetClusters,
            ["objects_per_cluster"] = ObjectsPerCluster,
            ["stored_objects"] = objects,
            ["missing"] = missing,
        });
    }

    static async Task<(double PerSecond, bool Ok)> AppliesPerSecondAsync(TimeSpan duration)
    {
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Clusters = 1, RolloutSeconds = 0 });
        var cluster = sim.Cluster("c1");
        var count = 0;
        var errors = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 4), async (worker, ct) =>
        {
            using var http = cluster.CreateHttpClient();
            for (var n = 0; watch.Elapsed < duration; n++)
            {
                // Alternate versions so that applies really change objects, not only no-ops.
                var (path, body) = Manifest((worker * 5) + (n % 5), $"v{n / 5 % 3}");
                var response = await ApplyAsync(http, path, body, ct);
                Interlocked.Increment(ref count);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        var perSecond = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{count} applies, {errors} errors, {cluster.ObjectCount} objects stored");
        return (perSecond, errors == 0 && count > 0);
    }

    static async Task<HttpResponseMessage> ApplyAsync(HttpClient http, string path, string body, CancellationToken ct)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var request = new HttpRequestMessage(HttpMethod.Patch, path + "?fieldManager=kit&force=true") { Content = content };
        var response = await http.SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }

    static string Kind(int i) => (i % 5) switch { 0 or 1 => "ConfigMap", 2 => "Service", 3 => "Deployment", _ => "Secret" };

    /// <summary>A mix like a small service's manifests: ConfigMaps, Services, Deployments and Secrets.</summary>
    static (string Path, string Body) Manifest(int i, string version)
    {
        var name = $"obj-{i}";
        var labels = $$"""{"app":"{{name}}","kit.io/managed":"true"}""";
        var annotations = $$"""{"kit.io/commit":"{{version}}"}""";
        return Kind(i) switch
        {
            "ConfigMap" => ($"api/v1/namespaces/default/configmaps/{name}",
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{{{labels}}},"annotations":{{{annotations}}}},"data":{"version":"{{{version}}}","settings.json":"{\"level\":\"info\",\"replicas\":3}"}}"""),
            "Service" => ($"api/v1/namespaces/default/services/{name}",
                $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","labels":{{{labels}}},"annotations":{{{annotations}}}},"spec":{"selector":{"app":"{{{name}}}"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}"""),
            "Deployment" => ($"apis/apps/v1/namespaces/default/deployments/{name}",
                $$$$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{{name}}}}","labels":{{{{labels}}}},"annotations":{{{{annotations}}}}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"{{{{name}}}}"}},"template":{"metadata":{"labels":{"app":"{{{{name}}}}"}},"spec":{"containers":[{"name":"app","image":"registry.local/{{{{name}}}}:{{{{version}}}}","ports":[{"containerPort":8080}],"env":[{"name":"VERSION","value":"{{{{version}}}}"}]}]}}""" + "}}"),
            _ => ($"api/v1/namespaces/default/secrets/{name}",
                $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"{{{name}}}","labels":{{{labels}}},"annotations":{{{annotations}}}},"type":"Opaque","stringData":{"token":"{{{version}}}"}}"""),
        };
    }
}
