using Kit.Contracts;
using Kit.Kubernetes.Manifests;

namespace Kit.Kubernetes.Tests;

public sealed class ApplyOrderTests
{
    static IReadOnlyList<ManifestObject> Parse(string yaml) => ManifestParser.Parse([new RenderedManifest { FileName = "x.yaml", Content = yaml }]);

    [Fact]
    public void Dependencies_come_first_and_equal_kinds_keep_their_order()
    {
        var objects = Parse("""
            {apiVersion: v1, kind: Service, metadata: {name: svc}}
            ---
            {apiVersion: batch/v1, kind: CronJob, metadata: {name: cron}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}}
            ---
            {apiVersion: networking.k8s.io/v1, kind: Ingress, metadata: {name: ing}}
            ---
            {apiVersion: v1, kind: Secret, metadata: {name: s}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
            ---
            {apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: {name: rb}}
            ---
            {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa}}
            ---
            {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: crons.example.com}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: ns}}
            ---
            {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}}
            """);
        Assert.Equal(
            ["Namespace ns", "CustomResourceDefinition crons.example.com", "RoleBinding rb", "ServiceAccount sa", "ConfigMap b", "ConfigMap a",
             "Secret s", "PersistentVolumeClaim data", "Service svc", "Deployment web", "CronJob cron", "Ingress ing"],
            ApplyOrder.Sort(objects).Select(o => o.Display));
    }

    [Fact]
    public void A_dependency_selector_puts_the_dependent_after_what_it_selects()
    {
        var objects = Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              annotations: {kit-deployer/dependency-selector: "app=db"}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: db-migrate, labels: {app: db}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: other}
            """);
        Assert.Equal(["Deployment other", "Job db-migrate", "Deployment web"], ApplyOrder.Sort(objects).Select(o => o.Display));
        Assert.Equal(["Job db-migrate"], ApplyOrder.DependenciesOf(objects[0], objects).Select(o => o.Display));
    }

    [Fact]
    public void Dependency_cycles_are_reported()
    {
        var objects = Parse("""
            {apiVersion: v1, kind: ConfigMap, metadata: {name: a, labels: {x: a}, annotations: {kit-deployer/dependency-selector: x=b}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: b, labels: {x: b}, annotations: {kit-deployer/dependency-selector: x=a}}}
            """);
        var error = Assert.Throws<ManifestException>(() => ApplyOrder.Sort(objects));
        Assert.Contains("cycle", error.Message);
        Assert.Contains("ConfigMap a", error.Message);
    }
}
