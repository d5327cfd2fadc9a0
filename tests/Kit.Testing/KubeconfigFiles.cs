namespace Kit.Testing;

/// <summary>Kubeconfig files as the tests write them.</summary>
public static class KubeconfigFiles
{
    /// <summary>One cluster, user and context named <paramref name="context"/>; a token, or an exec plugin when <paramref name="exec"/>.</summary>
    public static string Text(string context, string? metadataName = null, string? ns = null, string server = "http://127.0.0.1:1", bool exec = false) => $"""
        apiVersion: v1
        kind: Config
        {(metadataName is null ? "" : $"metadata:\n  name: {metadataName}")}
        clusters:
        - name: {context}
          cluster:
            server: {server}
        users:
        - name: {context}
          user:
        {(exec ? "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /bin/get-token" : "    token: secret-token")}
        contexts:
        - name: {context}
          context:
            cluster: {context}
            user: {context}
        {(ns is null ? "" : $"    namespace: {ns}")}
        current-context: {context}
        """;
}
