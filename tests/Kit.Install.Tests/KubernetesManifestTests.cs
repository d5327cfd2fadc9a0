using Kit.Harness;
using Kit.KubeSim;
using Kit.Testing;

namespace Kit.Install.Tests;

public sealed class KubernetesManifestTests
{
    // KEDA's resources, enough for a server-side dry run of the ScaledObject (KEDA itself is not needed).
    static readonly string KedaCrds = KedaCrd("ScaledObject") + "---\n" + KedaCrd("TriggerAuthentication");

    static string KedaCrd(string kind)
    {
        var singular = kind.ToLowerInvariant();
        return $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: {{singular}}s.keda.sh
            spec:
              group: keda.sh
              names: { kind: {{kind}}, plural: {{singular}}s, singular: {{singular}}, listKind: {{kind}}List }
              scope: Namespaced
              versions:
                - name: v1alpha1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }

            """;
    }

    [Fact]
    public async Task The_kustomization_renders_and_a_server_side_dry_run_accepts_every_object()
    {
        using var dir = new TempDirectory("kit-deploy");
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Names = ["kit"], KubeconfigDirectory = dir.Combine("kubeconfigs") });
        var kubectl = new Kubectl(sim.KubeconfigPath("kit"), dir.Combine("cache"));

        var rendered = await kubectl.RunAsync("kustomize", RepositoryRoot.Combine("deploy"));
        Assert.True(rendered.ExitCode == 0, rendered.All);
        Assert.Contains("kind: ScaledObject", rendered.Output);
        Assert.Contains("kind: PodDisruptionBudget", rendered.Output);

        var crds = await kubectl.RunWithInputAsync(KedaCrds, "apply", "--server-side", "-f", "-");
        Assert.True(crds.ExitCode == 0, crds.All);
        var ns = await kubectl.RunWithInputAsync("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kit-system\n", "apply", "--server-side", "-f", "-");
        Assert.True(ns.ExitCode == 0, ns.All);
        await Task.Delay(200); // the simulator establishes CRDs asynchronously, as a real API server does

        var applied = await kubectl.RunWithInputAsync(rendered.Output, "apply", "--server-side", "--dry-run=server", "-f", "-");

        Assert.True(applied.ExitCode == 0, applied.All);
        foreach (var name in new[] { "image-deployer", "deploymentizer", "deployer", "tracker", "notifier" })
        {
            Assert.Contains($"deployment.apps/{name} serverside-applied (server dry run)", applied.Output);
            Assert.Contains($"poddisruptionbudget.policy/{name} serverside-applied (server dry run)", applied.Output);
        }

        Assert.Contains("scaledobject.keda.sh/deployer serverside-applied (server dry run)", applied.Output);
        Assert.Empty(sim.Cluster("kit").List("deployments", "kit-system"));
    }

    [Fact]
    public async Task Every_service_has_probes_limits_and_a_restricted_security_context()
    {
        using var dir = new TempDirectory("kit-deploy");
        var kubectl = new Kubectl(dir.Combine("none"), dir.Combine("cache"));
        var rendered = await kubectl.RunAsync("kustomize", RepositoryRoot.Combine("deploy", "base"));
        Assert.Equal(0, rendered.ExitCode);

        var deployments = rendered.Output.Split("\n---\n").Where(d => d.Contains("kind: Deployment\n")).ToList();
        Assert.Equal(5, deployments.Count);
        foreach (var deployment in deployments)
        {
            Assert.Contains("path: /health/live", deployment);
            Assert.Contains("path: /health/ready", deployment);
            Assert.Contains("runAsNonRoot: true", deployment);
            Assert.Contains("allowPrivilegeEscalation: false", deployment);
            Assert.Contains("readOnlyRootFilesystem: true", deployment);
            Assert.Contains("type: RuntimeDefault", deployment);
            Assert.Contains("limits:", deployment);
            Assert.Contains("requests:", deployment);
        }
    }
}
