namespace Kit.Testing;

/// <summary>Manifest sets the simulator tests deploy.</summary>
public static class Manifests
{
    public static string ConfigMap(string name, string value) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: {{name}}}
        data: {value: "{{value}}"}
        """;

    public static string Deployment(string name, string image, int replicas = 1) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}, labels: {app: {{{name}}}}}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              containers:
              - {name: {{{name}}}, image: "{{{image}}}"}
        """;

    public static string Service(string name) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}}
        spec:
          selector: {app: {{name}}}
          ports: [{port: 80, targetPort: 8080}]
        """;

    public static string Set(params string[] documents) => string.Join("\n---\n", documents);
}
