using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kit.Cli.Commands;
using Kit.Rendering;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Bench;

/// <summary>
/// <c>render</c>: a generated kit repository of 1,000 clusters x 20 resources (Mustache templates like
/// kit-deploymentizer's fixture, a Service per resource): the time of <c>kit render</c> to disk, and the
/// in-memory render rate. Checks every cluster rendered, spot-checks values and that disk and memory agree.
/// </summary>
public static class RenderScenario
{
    const int Resources = 20;

    public static async Task<BenchResult> RunAsync(string[] args)
    {
        var clusters = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var root = Path.Combine(Path.GetTempPath(), "kit-bench-render-" + Guid.NewGuid().ToString("N")[..8]);
        var repo = Path.Combine(root, "repo");
        var output = Path.Combine(root, "generated");
        try
        {
            Generate(repo, clusters);
            Console.WriteLine($"generated {clusters} clusters x {Resources} resources in {repo}");

            var total = Stopwatch.StartNew();
            // Each run writes a fresh folder: the time is rendering and writing, not deleting the last run.
            var cold = await RenderToDiskAsync(repo, output);
            var warm = await RenderToDiskAsync(repo, output + "-2");
            Console.WriteLine($"kit render to disk: {cold.Seconds:0.000} s (first run), {warm.Seconds:0.000} s (second run), exit {cold.Exit}/{warm.Exit}");

            var memory = Stopwatch.StartNew();
            RenderResult? result = null;
            const int runs = 3;
            for (var i = 0; i < runs; i++)
            {
                result = KitRenderer.Render(new FileSystemTree(repo));
            }

            var perRun = memory.Elapsed.TotalSeconds / runs;
            Console.WriteLine($"in memory: {perRun:0.000} s per render, {clusters / perRun:0} clusters/s, {clusters * Resources / perRun:0} resources/s");

            var problem = cold.Exit != 0 || warm.Exit != 0 ? "kit render failed: " + cold.Error + warm.Error : Check(result!, output, clusters);
            if (problem is not null)
            {
                Console.WriteLine("check failed: " + problem);
            }

            var ok = problem is null;

            var files = result!.Clusters.Sum(c => c.Files.Count);
            return new BenchResult(ok, total.Elapsed, new Dictionary<string, object>
            {
                ["clusters"] = clusters,
                ["resources"] = clusters * Resources,
                ["files"] = files,
                ["render_to_disk_s"] = Math.Round(cold.Seconds, 3),
                ["render_to_disk_warm_s"] = Math.Round(warm.Seconds, 3),
                ["in_memory_s"] = Math.Round(perRun, 3),
                ["clusters_per_s"] = Math.Round(clusters / perRun),
                ["resources_per_s"] = Math.Round(clusters * Resources / perRun),
                ["target_s"] = 1.5,
            });
        }
        finally
        {
            if (Directory.Exists(root) && Environment.GetEnvironmentVariable("KIT_BENCH_KEEP") is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    static async Task<(double Seconds, int Exit, string Error)> RenderToDiskAsync(string repo, string output)
    {
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exit = await RenderCommand.Handler(new RenderRequest(repo, Out: output), Console.Out, error, CancellationToken.None);
        return (clock.Elapsed.TotalSeconds, exit, error.ToString());
    }

    static string? Check(RenderResult result, string output, int clusters)
    {
        if (!result.Succeeded || result.Clusters.Count != clusters || result.Clusters.Any(c => c.Files.Count != Resources * 2))
        {
            return $"expected {clusters} clusters with {Resources * 2} files each, no errors; got {result.Clusters.Count}, errors: {string.Join("; ", result.AllErrors.Take(3))}";
        }

        foreach (var index in new[] { 0, clusters / 2, clusters - 1 })
        {
            var cluster = result.Clusters.Single(c => c.Cluster == ClusterName(index));
            var onDisk = Directory.GetFiles(Path.Combine(output, cluster.Cluster)).Select(f => new RenderedFile(Path.GetFileName(f), File.ReadAllText(f)));
            if (ClusterManifests.ComputeDigest(onDisk) != cluster.Digest)
            {
                return $"{cluster.Cluster}: the files on disk differ from the in-memory render";
            }

            var deployment = YamlLoader.LoadSingle(cluster.Files.Single(f => f.FileName == "svc-03-deployment.yaml").Content, "svc-03");
            var replicas = Values.Get(Values.Get(deployment, "spec"), "replicas");
            var container = ((List<object?>)Values.Get(Values.Get(Values.Get(Values.Get(deployment, "spec"), "template"), "spec"), "containers")!)[0];
            var image = Values.GetString(container, "image");
            var env = (List<object?>)Values.Get(container, "env")!;
            if (!Equals(replicas, (long)Replicas(index)) || image != Image(3, Branch(index))
                || Values.GetString(env[^1], "value") != cluster.Cluster || Values.GetString(env[0], "value") != "debug")
            {
                return $"{cluster.Cluster}: unexpected replicas {replicas}, image {image} or env";
            }
        }

        return null;
    }

    static string ClusterName(int index) => $"cluster-{index:0000}";

    static string Branch(int index) => index % 3 == 0 ? "master" : "develop";

    static int Replicas(int index) => index % 7 + 1;

    static string Image(int resource, string branch) => $"registry.example.com/team/svc-{resource:00}:{branch}-0123456789abcdef";

    static void Generate(string repo, int clusters)
    {
        void Write(string path, string text)
        {
            var full = Path.Combine(repo, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Write("kit.yaml", "version: '2'\nbase:\n  path: .\nimages:\n  path: images\n  property: image\ntype:\n  path: type\ncluster:\n  path: clusters\nresources:\n  path: resources\noutput:\n  path: generated\n");
        Write("base-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: cluster-config\ndeployment:\n  replicaCount: 5\n  imagePullPolicy: IfNotPresent\n  livenessProbe:\n    path: /healthcheck\n    port: 80\n    initialDelaySeconds: 30\n    timeoutSeconds: 3\n  containerPort: 80\n  rollingUpdate:\n    maxUnavailable: 1\n    maxSurge: 1\nimagePullSecrets:\n  - secret: registry-secret\n");
        Write("type/develop-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: develop\n");
        Write("type/production-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: production\ndeployment:\n  imagePullPolicy: Always\n");
        Write("resources/base-svc.mustache", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{{svc.name}}}\n  labels:\n  {{#svc.labels}}\n    {{{name}}}: {{{value}}}\n  {{/svc.labels}}\nspec:\n  selector:\n    name: {{{name}}}-pod\n  ports:\n    - port: 80\n");

        var baseCluster = new StringBuilder("kind: ClusterNamespace\nmetadata:\n  name: base\n  branch: master\nresources:\n");
        for (var r = 0; r < Resources; r++)
        {
            var name = $"svc-{r:00}";
            baseCluster.Append(CultureInfo.InvariantCulture, $"  {name}:\n    kind: deployment\n    file: ./{name}/{name}-deployment.mustache\n    svc:\n      name: {name}-svc\n      labels:\n        - name: app\n          value: {name}\n    containers:\n      {name}-con:\n        image_tag: team/{name}\n        name: {name}\n        env:\n          - name: LOG_LEVEL\n            value: info\n");
            Write($"resources/{name}/{name}-deployment.mustache", DeploymentTemplate(name));
            foreach (var branch in new[] { "master", "develop" })
            {
                Write($"images/team/{name}/{branch}.yaml", $"image: '{Image(r, branch)}'\n");
            }
        }

        Write("base-cluster.yaml", baseCluster.ToString());
        for (var i = 0; i < clusters; i++)
        {
            var name = ClusterName(i);
            var overrides = new StringBuilder();
            for (var r = 0; r < Resources; r++)
            {
                overrides.Append(CultureInfo.InvariantCulture, $"  svc-{r:00}:\n    containers:\n      svc-{r:00}-con:\n        env:\n          - name: LOG_LEVEL\n            value: debug\n          - name: CLUSTER\n            value: {name}\n");
            }

            Write($"clusters/{name}/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: {name}\n  branch: {Branch(i)}\n  type: {(i % 3 == 0 ? "production" : "develop")}\nresources:\n{overrides}");
            Write($"clusters/{name}/configuration-var.yaml", $"kind: ResourceConfig\ndeployment:\n  replicaCount: {Replicas(i)}\n");
        }
    }

    static string DeploymentTemplate(string name) => """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{{name}}}-deployment
          annotations:
            kit-deployer/dependency-selector: 'tier=backend'
          labels:
            app: {{{name}}}
            tier: frontend
            {{#deployment.id}}
            id: {{{deployment.id}}}
            {{/deployment.id}}
            service: {{{name}}}
        spec:
          template:
            spec:
              containers:
                - name: {{{name}}}-con
                  imagePullPolicy: {{{deployment.imagePullPolicy}}}
                  image: {{{@NAME@-con.image}}}
                  ports:
                    - containerPort: {{{deployment.containerPort}}}
                  livenessProbe:
                    httpGet:
                      path: {{{deployment.livenessProbe.path}}}
                      port: {{deployment.livenessProbe.port}}
                    initialDelaySeconds: {{deployment.livenessProbe.initialDelaySeconds}}
                    timeoutSeconds: {{deployment.livenessProbe.timeoutSeconds}}
                  env:
                  {{#@NAME@-con.env}}
                    - name: {{{name}}}
                      value: {{{value}}}
                  {{/@NAME@-con.env}}
              imagePullSecrets:
              {{#imagePullSecrets}}
                - name: {{{secret}}}
              {{/imagePullSecrets}}
            metadata:
              labels:
                name: {{{name}}}-pod
          replicas: {{{deployment.replicaCount}}}
          strategy:
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: {{{deployment.rollingUpdate.maxUnavailable}}}
              maxSurge: {{{deployment.rollingUpdate.maxSurge}}}
          selector:
            matchLabels:
              name: {{{name}}}-pod

        """.Replace("@NAME@", name, StringComparison.Ordinal);
}
