namespace Kit.KubeSim;

/// <summary>Writes DIR/&lt;cluster&gt;.yaml: metadata.name, cluster, context and user all named after the cluster.</summary>
static class Kubeconfig
{
    public static string Write(string directory, KubeSimCluster cluster, string caData)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, cluster.Name + ".yaml");
        var text = $$"""
            apiVersion: v1
            kind: Config
            metadata:
              name: {{cluster.Name}}
            clusters:
            - name: {{cluster.Name}}
              cluster:
                server: {{cluster.ServerUrl}}
                certificate-authority-data: {{caData}}
            contexts:
            - name: {{cluster.Name}}
              context:
                cluster: {{cluster.Name}}
                user: {{cluster.Name}}
                namespace: default
            current-context: {{cluster.Name}}
            users:
            - name: {{cluster.Name}}
              user:
                token: {{cluster.Token}}
            preferences: {}

            """;
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
