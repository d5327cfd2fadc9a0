namespace Kit.Kubernetes.Api;

/// <summary>Where the API serves one kind, found by discovery.</summary>
public sealed record ApiResource(string ApiVersion, string Kind, string Plural, bool Namespaced)
{
    /// <summary><c>api/v1</c> for the core group, else <c>apis/&lt;group&gt;/&lt;version&gt;</c>.</summary>
    public string Prefix => ApiVersion.Contains('/') ? $"apis/{ApiVersion}" : $"api/{ApiVersion}";

    public string Collection(string? @namespace) =>
        Namespaced ? $"{Prefix}/namespaces/{Uri.EscapeDataString(@namespace ?? "default")}/{Plural}" : $"{Prefix}/{Plural}";

    public string Item(string? @namespace, string name) => $"{Collection(@namespace)}/{Uri.EscapeDataString(name)}";
}
