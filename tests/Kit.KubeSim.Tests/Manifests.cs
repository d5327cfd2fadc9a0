namespace Kit.KubeSim.Tests;

/// <summary>Small manifests the tests apply.</summary>
static class Manifests
{
    public static string Deployment(string name, string image, int replicas = 2, string ns = "default") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            app: {name}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: app
                image: {image}
                ports:
                - containerPort: 8080
        """;

    public static string ConfigMap(string name, string value, string ns = "default", string app = "x") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            app: {app}
        data:
          value: "{value}"
        """;
}
