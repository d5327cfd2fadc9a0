namespace Kit.KubeSim;

/// <summary>A resource request's parsed URL: /api/v1/namespaces/ns/pods/name/status and its relatives.</summary>
sealed record ApiRequest(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses the segments after /api/v1 or /apis/group/version; null when they name no served resource.</summary>
    public static ApiRequest? Parse(ObjectStore store, string group, string version, string[] rest)
    {
        if (rest.Length == 0)
        {
            return null;
        }

        if (rest[0] == "namespaces" && rest.Length >= 3 && store.FindType(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            return rest.Length > 5 ? null : new ApiRequest(namespaced, rest[1], rest.ElementAtOrDefault(3), rest.ElementAtOrDefault(4));
        }

        if (store.FindType(group, version, rest[0]) is not { } type || rest.Length > 3)
        {
            return null;
        }

        return new ApiRequest(type, null, rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2));
    }
}
