using System.Text.RegularExpressions;

namespace Kit.Kubernetes.Manifests;

/// <summary>
/// Kubernetes object names as kube-apiserver checks them: Services are DNS-1035 labels, Namespaces DNS-1123
/// labels, RBAC objects path segments, every other kind a DNS-1123 subdomain (Kit.Rendering's ObjectNames
/// applies the same rules when a repository renders).
/// </summary>
public static partial class Names
{
    public static bool IsValid(string name, string kind) => kind switch
    {
        "Service" => name.Length <= 63 && Dns1035Label().IsMatch(name),
        "Namespace" => name.Length <= 63 && Dns1123Label().IsMatch(name),
        "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding" => name.Length > 0 && name is not ("." or "..") && !name.Contains('/') && !name.Contains('%'),
        _ => name.Length <= 253 && Subdomain().IsMatch(name),
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
