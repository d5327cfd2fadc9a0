namespace Kit.Testing;

/// <summary>Small manifests the simulator and deployer tests apply (flow style, so each object keeps the same line count).</summary>
public static class Manifests
{
    public static string ConfigMap(string name, string value, string? ns = null, string? app = null) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: {{name}}{{Namespace(ns)}}{{(app is null ? "" : $", labels: {{app: {app}}}")}}}
        data: {value: "{{value}}"}
        """;

    /// <summary>A Deployment whose one container is named <paramref name="container"/> (the Deployment's name when null).</summary>
    public static string Deployment(string name, string image, int replicas = 1, string? ns = null, string? container = null) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}{{{Namespace(ns)}}}, labels: {app: {{{name}}}}}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              containers:
              - {name: {{{container ?? name}}}, image: "{{{image}}}"}
        """;

    /// <summary>A Job of one container named like the Job, restartPolicy Never, no selector (the server generates it).</summary>
    public static string Job(string name, string image) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: {{name}}}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: {{name}}, image: "{{image}}"}
        """;

    public static string Service(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}}
        spec:
          selector: {app: {{name}}}
          ports: [{port: 80, targetPort: 8080}]
        """;

    /// <summary>A namespaced CustomResourceDefinition of <c>Widget</c> (<c>widgets.example.com</c>, version v1, any fields).</summary>
    public static readonly string WidgetCrd = TypedWidgetCrd("{type: object, x-kubernetes-preserve-unknown-fields: true}");

    /// <summary>The <c>Widget</c> CustomResourceDefinition with the given openAPIV3Schema (YAML flow style).</summary>
    public static string TypedWidgetCrd(string openApiV3Schema) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {{openApiV3Schema}}}
        """;

    public static string Set(params string[] documents) => string.Join("\n---\n", documents);

    static string Namespace(string? ns) => ns is null ? "" : $", namespace: {ns}";
}
