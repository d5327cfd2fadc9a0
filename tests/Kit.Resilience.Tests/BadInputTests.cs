using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kit.Contracts;
using Kit.Deploying;
using Kit.EndToEnd.Tests;
using Kit.Harness;
using Kit.ImageUpdating;
using Kit.Rendering;
using Kit.Testing;
using LibGit2Sharp;
using MassTransit;
using Xunit.Abstractions;

namespace Kit.Resilience.Tests;

public sealed class BadInputTests(ITestOutputHelper output)
{
    const int Clusters = 20;
    const string Secret = "resilience-webhook-secret";
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_bad_input_is_a_failure_event_and_a_log_line_and_no_service_restarts_or_cluster_is_touched()
    {
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 0.2);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("bad-input");
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url,
            ImageUpdatingRegistration.ServiceName, RenderingRegistration.ServiceName, DeployingRegistration.ServiceName);
        var webhook = $"http://127.0.0.1:{FreePort()}";
        var imageSettings = fleet.Settings(ImageUpdatingRegistration.ServiceName);
        imageSettings["Kit:ImageDeployer:WebhookSecret"] = Secret;
        imageSettings["Urls"] = webhook;
        using var imageDeployer = ServiceProcess.Start("image-deployer", "Kit.ImageDeployer", imageSettings);
        using var deploymentizer = ServiceProcess.Start("deploymentizer", "Kit.Deploymentizer", fleet.Settings(RenderingRegistration.ServiceName));
        using var deployer = ServiceProcess.Start("deployer", "Kit.Deployer", fleet.Settings(DeployingRegistration.ServiceName));
        ServiceProcess[] services = [imageDeployer, deploymentizer, deployer];
        var pids = services.ToDictionary(s => s.Name, s => s.Id);
        await Consumers.WaitAsync(vhost, "image-built", 1, services);
        await Consumers.WaitAsync(vhost, "manifests-committed", 1, services);
        await Consumers.WaitAsync(vhost, "manifests-rendered", 1, services);
        // The image-deployer announces the branch tip when it starts: let that deployment (if its announcement
        // found the deploymentizer's queue) finish writing before counting writes.
        await QuietAsync(pipeline);

        var clock = Stopwatch.StartNew();
        var cases = 0;
        async Task ExpectAsync(string name, ServiceProcess logger, string logged, Func<Task<Guid>> feed, string? failure = null)
        {
            var writesBefore = Writes(pipeline);
            var started = clock.Elapsed;
            var id = await feed();
            var view = fleet.Progress.For(id);
            await Eventually.TrueAsync(() => !view.Failures.IsEmpty, Deadline, () => $"{name}: no failure event");
            await Eventually.TrueAsync(() => logger.Logged(logged), TimeSpan.FromSeconds(10),
                () => $"{name}: {logger.Name} logged no line with '{logged}': {string.Join('\n', logger.Output.TakeLast(10))}");
            await Task.Delay(500); // anything that would still reach a cluster
            output.WriteLine($"{name}: {(clock.Elapsed - started).TotalSeconds:0.0} s, {view.Failures.Count} failure event(s), first: {Short(view.Failures.First())}");
            output.WriteLine($"  {logger.Name}: {Short(logger.Output.Last(l => l.Contains(logged, StringComparison.Ordinal)))}");
            if (failure is not null)
            {
                Assert.Contains(view.Failures, f => f.Contains(failure, StringComparison.Ordinal));
            }

            Assert.Equal(writesBefore, Writes(pipeline));
            Assert.Empty(view.Clusters);
            cases++;
        }

        Task<Guid> Push(string message, params (string Path, string? Content)[] files) => PushAsync(pipeline, fleet.Bus, message, files);
        var template = File.ReadAllText(RepositoryRoot.Combine("samples", "resources", "hello", "hello-deployment.sbn"));
        var baseVar = File.ReadAllText(RepositoryRoot.Combine("samples", "base-var.yaml"));

        await ExpectAsync("malformed YAML", deploymentizer, "base-var.yaml",
            () => Push("broken yaml", ("base-var.yaml", baseVar + "\nbroken: [unclosed\n")), "base-var.yaml");
        await ExpectAsync("template error", deploymentizer, "hello-deployment.sbn",
            () => Push("broken template", ("base-var.yaml", baseVar), ("resources/hello/hello-deployment.sbn", template.Replace("{{ name }}", "{{ for x in }}", StringComparison.Ordinal))), "hello-deployment.sbn");
        await ExpectAsync("YAML alias bomb", deploymentizer, "alias bomb",
            () => Push("bomb", ("resources/hello/hello-deployment.sbn", template), ("base-var.yaml", baseVar + "\n" + Bomb())), "alias bomb");
        await ExpectAsync("hostile path", deploymentizer, "leaves the repository",
            () => Push("hostile path", ("base-var.yaml", baseVar), ("base-cluster.yaml", File.ReadAllText(RepositoryRoot.Combine("samples", "base-cluster.yaml"))
                .Replace("./hello/hello-deployment.sbn", "../../../../etc/passwd.mustache", StringComparison.Ordinal))), "leaves the repository");
        await ExpectAsync("oversized file", deploymentizer, "at most 2 MiB",
            () => Push("oversized", ("base-cluster.yaml", File.ReadAllText(RepositoryRoot.Combine("samples", "base-cluster.yaml"))),
                ("base-var.yaml", Oversized())), "base-var.yaml");
        await ExpectAsync("invalid image reference", imageDeployer, "not written",
            () => PublishAsync(fleet.Bus, Fleetwide.Image("1.0.0") with { Image = "registry.example.com/team/hello:bad tag!" }));
        await ExpectAsync("hostile image repository", imageDeployer, "not written",
            () => PublishAsync(fleet.Bus, Fleetwide.Image("1.0.1") with { Repository = "../../etc" }));

        // A webhook with a wrong signature is refused (401) and logged, and announces nothing.
        var writesBeforeHook = Writes(pipeline);
        using (var http = new HttpClient())
        {
            var body = """{"ref":"refs/heads/main"}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook + "/hooks/git") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Hub-Signature-256", Kit.CommitWatching.WebhookSignature.Sign("not-the-secret", Encoding.UTF8.GetBytes(body)));
            using var response = await http.SendAsync(request);
            output.WriteLine($"bad webhook signature: {(int)response.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await Eventually.TrueAsync(() => imageDeployer.Logged("Refused a webhook"), TimeSpan.FromSeconds(10), () => "no log line for the refused webhook");
        output.WriteLine($"  image-deployer: {Short(imageDeployer.Output.Last(l => l.Contains("Refused a webhook", StringComparison.Ordinal)))}");
        Assert.Equal(writesBeforeHook, Writes(pipeline));
        cases++;

        // An invalid kubeconfig fails its cluster only; the repository is repaired so the others deploy.
        var victim = pipeline.ClusterNames[^1];
        File.WriteAllText(pipeline.Clusters.KubeconfigPath(victim), "apiVersion: v1\nkind: Config\nclusters: [{name: x, cluster: {server: 'not a url'}}]\ncontexts: :\n");
        var victimWrites = pipeline.Clusters.Cluster(victim).RequestLog.Count(e => e.IsWrite);
        var repaired = await Push("repaired", ("base-var.yaml", baseVar));
        var completed = await fleet.Progress.CompletedAsync(repaired, Deadline);
        var victimOutcome = fleet.Progress.For(repaired).Clusters[victim];
        output.WriteLine($"invalid kubeconfig for {victim}: {victimOutcome.Outcome}: {Short(victimOutcome.Error ?? "")}; {completed.Succeeded}/{completed.Total} clusters succeeded, {completed.Unchanged} unchanged");
        Assert.Equal(DeploymentOutcome.Failed, victimOutcome.Outcome);
        Assert.Equal(victimWrites, pipeline.Clusters.Cluster(victim).RequestLog.Count(e => e.IsWrite));
        // The tip deployed at start already had this content: the others are confirmed unchanged, or deployed.
        Assert.Equal(Clusters - 1, completed.Succeeded + completed.Unchanged);
        cases++;

        output.WriteLine($"{cases} bad inputs in {clock.Elapsed.TotalSeconds:0.0} s; services still running with their first pid: " +
            string.Join(", ", services.Select(s => $"{s.Name} {(s.HasExited ? "EXITED" : s.Id == pids[s.Name] ? "yes" : "no")}")));
        Assert.All(services, s => Assert.False(s.HasExited, $"{s.Name} exited"));
    }

    /// <summary>Waits (at most a minute) until no cluster has been written to for two seconds.</summary>
    static async Task QuietAsync(Pipeline pipeline)
    {
        var quiet = Stopwatch.StartNew();
        var writes = Writes(pipeline);
        for (var waited = Stopwatch.StartNew(); quiet.Elapsed < TimeSpan.FromSeconds(2) && waited.Elapsed < TimeSpan.FromSeconds(60);)
        {
            await Task.Delay(200);
            if (Writes(pipeline) != writes)
            {
                writes = Writes(pipeline);
                quiet.Restart();
            }
        }
    }

    static int Writes(Pipeline pipeline) => pipeline.ClusterNames.Sum(c => pipeline.Clusters.Cluster(c).RequestLog.Count(e => e.IsWrite));

    static string Short(string text) => text.Length <= 220 ? text : text[..220] + "…";

    static async Task<Guid> PublishAsync(IBus bus, ImageBuilt image)
    {
        await bus.Publish(image);
        return image.CorrelationId;
    }

    /// <summary>Commits the files (null deletes) to the deployments repository and announces the commit as a push webhook would.</summary>
    static async Task<Guid> PushAsync(Pipeline pipeline, IBus bus, string message, (string Path, string? Content)[] files)
    {
        using var clone = new TempDirectory("kit-bad");
        Repository.Clone(pipeline.Repository, clone.Path);
        string sha;
        using (var repo = new Repository(clone.Path))
        {
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(clone.Path, path);
                if (content is null)
                {
                    File.Delete(full);
                    Commands.Remove(repo, path);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
                Commands.Stage(repo, path);
            }

            var who = new Signature("Mallory", "mallory@example.com", DateTimeOffset.UtcNow);
            sha = repo.Commit(message, who, who, new CommitOptions()).Sha;
            repo.Network.Push(repo.Network.Remotes["origin"], "refs/heads/main:refs/heads/main");
        }

        var id = NewId.NextGuid();
        await bus.Publish(new ManifestsCommitted
        {
            CorrelationId = id,
            Repository = pipeline.Repository,
            Ref = "main",
            CommitSha = sha,
            Cause = CommitCause.Push,
            CommittedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    static string Bomb()
    {
        var bomb = new StringBuilder("lol0: &lol0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 10; level++)
        {
            bomb.Append($"lol{level}: &lol{level} [{string.Join(", ", Enumerable.Repeat($"*lol{level - 1}", 10))}]\n");
        }

        return bomb.ToString();
    }

    /// <summary>A 20 MiB variables file: far beyond any Kubernetes object (etcd takes 1.5 MiB).</summary>
    static string Oversized()
    {
        var text = new StringBuilder("padding:\n");
        var value = new string('x', 1000);
        while (text.Length < 20 * 1024 * 1024)
        {
            text.Append($"  - {value}\n");
        }

        return text.ToString();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
