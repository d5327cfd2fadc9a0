using System.Text.RegularExpressions;

namespace Kit.Kubernetes.Manifests;

/// <summary>Kubernetes object names: DNS-1123 subdomains (RBAC kinds allow a few more characters).</summary>
public static partial class Names
{
    public static bool IsValid(string name, string kind) =>
        name.Length <= 253 && (Subdomain().IsMatch(name) || (kind.Contains("Role") && RbacName().IsMatch(name)));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[^/%]+$")]
    private static partial Regex RbacName();
}
