using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>One object as stored: its JSON bytes plus the few fields lookups need, nothing heavier.</summary>
sealed class StoredObject
{
    public required ResourceType Type { get; init; }

    public required string? Namespace { get; init; }

    public required string Name { get; init; }

    public required byte[] Json { get; init; }

    public required long ResourceVersion { get; init; }

    public required string Uid { get; init; }

    public required string[] OwnerUids { get; init; }

    public required Dictionary<string, string>? Labels { get; init; }

    static readonly Dictionary<string, string> NoLabels = [];

    public IReadOnlyDictionary<string, string> LabelMap => Labels ?? NoLabels;

    public JsonObject Parse() => KubeSim.Json.Parse(Json);

    public static string Key(string? ns, string name) => ns is null ? name : $"{ns}/{name}";
}
