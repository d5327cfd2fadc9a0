using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Harness;
using Kit.KubeSim;
using Kit.Testing;
using YamlDotNet.Serialization;

namespace Kit.Install.Tests;

/// <summary>deploy/monitoring: the ServiceMonitor, the alerts and the Grafana dashboard.</summary>
public sealed partial class MonitoringManifestTests
{
    static string Monitoring(params string[] parts) => RepositoryRoot.Combine(["deploy", "monitoring", .. parts]);

    static string Promtool => Environment.GetEnvironmentVariable("KIT_TEST_PROMETHEUS") is { Length: > 0 } prometheus
        ? Path.Combine(Path.GetDirectoryName(prometheus)!, "promtool")
        : "/usr/bin/promtool";

    [Fact]
    public async Task The_monitoring_kustomization_renders_and_a_server_side_dry_run_accepts_every_object()
    {
        using var dir = new TempDirectory("kit-monitoring");
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Names = ["kit"], KubeconfigDirectory = dir.Combine("kubeconfigs") });
        var kubectl = new Kubectl(sim.KubeconfigPath("kit"), dir.Combine("cache"));

        var rendered = await kubectl.RunAsync("kustomize", Monitoring());
        Assert.True(rendered.ExitCode == 0, rendered.All);
        var crds = await kubectl.RunWithInputAsync(OperatorCrd("ServiceMonitor") + "---\n" + OperatorCrd("PrometheusRule"), "apply", "--server-side", "-f", "-");
        Assert.True(crds.ExitCode == 0, crds.All);
        var ns = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kit-system\n", "apply", "--server-side", "-f", "-");
        Assert.True(ns.ExitCode == 0, ns.All);
        await Task.Delay(200); // the simulator establishes CRDs asynchronously, as a real API server does

        var applied = await kubectl.RunWithInputAsync(rendered.Output, "apply", "--server-side", "--dry-run=server", "-f", "-");

        Assert.True(applied.ExitCode == 0, applied.All);
        Assert.Contains("service/kit-metrics serverside-applied (server dry run)", applied.Output);
        Assert.Contains("servicemonitor.monitoring.coreos.com/kit serverside-applied (server dry run)", applied.Output);
        Assert.Contains("prometheusrule.monitoring.coreos.com/kit serverside-applied (server dry run)", applied.Output);
        Assert.Contains("configmap/kit-grafana-dashboard serverside-applied (server dry run)", applied.Output);
        Assert.Contains("grafana_dashboard: \"1\"", rendered.Output);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules_and_each_alert_fires_exactly_when_it_should()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} is missing: scripts/test.sh installs Debian's prometheus (ensure_prometheus)");
        using var dir = new TempDirectory("kit-alerts");
        var rule = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(await File.ReadAllTextAsync(Monitoring("prometheusrule.yaml")));
        await File.WriteAllTextAsync(dir.Combine("rules.yaml"), new SerializerBuilder().Build().Serialize(rule["spec"]));
        File.Copy(RepositoryRoot.Combine("tests", "Kit.Install.Tests", "prometheusrule-tests.yaml"), dir.Combine("alerts-test.yaml"));

        var check = await Processes.RunAsync(Promtool, ["check", "rules", dir.Combine("rules.yaml")], TimeSpan.FromSeconds(60));
        var test = await Processes.RunAsync(Promtool, ["test", "rules", dir.Combine("alerts-test.yaml")], TimeSpan.FromSeconds(60));

        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains("SUCCESS: 3 rules found", check.All);
        Assert.True(test.ExitCode == 0, test.All);
    }

    [Fact]
    public async Task The_dashboard_is_json_whose_panels_query_only_documented_kit_metrics()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Monitoring("kit-dashboard.json")));
        var docs = await File.ReadAllTextAsync(RepositoryRoot.Combine("docs", "metrics.md"));

        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        var metrics = expressions.SelectMany(e => KitMetric().Matches(e).Select(m => m.Groups["name"].Value)).Distinct().ToList();

        Assert.Equal("kit-overview", dashboard.RootElement.GetProperty("uid").GetString());
        Assert.True(expressions.Count >= 10, $"only {expressions.Count} queries");
        Assert.Equal(
            ["kit_apply_requests_total", "kit_cluster_deploy_duration_seconds", "kit_cluster_unreachable_total", "kit_deployments_total", "kit_drift_detected_total",
             "kit_drift_healed_total", "kit_image_commits_total", "kit_push_retries_total", "kit_render_duration_seconds"],
            metrics.Order(StringComparer.Ordinal));
        Assert.All(metrics, m => Assert.Contains($"| `{m}` |", docs));
    }

    static string OperatorCrd(string kind)
    {
        var plural = kind.ToLowerInvariant() + "s";
        return $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: {{plural}}.monitoring.coreos.com
            spec:
              group: monitoring.coreos.com
              names: { kind: {{kind}}, plural: {{plural}}, singular: {{kind.ToLowerInvariant()}}, listKind: {{kind}}List }
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }

            """;
    }

    /// <summary>A kit metric's name, without a histogram's <c>_bucket</c>, <c>_count</c> or <c>_sum</c>.</summary>
    [GeneratedRegex(@"\b(?<name>kit_[a-z_]+?)(_bucket|_count|_sum)?\b")]
    private static partial Regex KitMetric();
}
