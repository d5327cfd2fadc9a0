namespace Kit.Kubernetes.Manifests;

/// <summary>One requirement of a label selector; <c>Operator</c> is <c>=</c>, <c>!=</c>, <c>in</c>, <c>notin</c>, <c>exists</c> or <c>!</c>.</summary>
public sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "=" => has && value == Values[0],
            "!=" => !has || value != Values[0],
            "in" => has && Values.Contains(value!),
            "notin" => !has || !Values.Contains(value!),
            "exists" => has,
            "!" => !has,
            _ => false,
        };
    }

    public override string ToString() => Operator switch
    {
        "=" or "!=" => $"{Key}{Operator}{Values[0]}",
        "in" or "notin" => $"{Key} {Operator} ({string.Join(',', Values)})",
        "exists" => Key,
        _ => $"!{Key}",
    };
}
