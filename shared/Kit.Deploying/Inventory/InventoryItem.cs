using System.Text.Json.Serialization;

namespace Kit.Deploying.Inventory;

/// <summary>
/// One object kit applied to a cluster, with the hash of what it applied (to tell unchanged from configured) and
/// the hash of the fields kit's apply owned afterwards (<see cref="FieldOwnership.KitHash(System.Text.Json.Nodes.JsonNode?)"/>; null in inventories
/// written before it was kept, which makes the next live check look at the object once).
/// </summary>
public sealed record InventoryItem(string ApiVersion, string Kind, string? Namespace, string Name, string Hash, string? Fields = null)
{
    /// <summary>Identity across API versions of one group (<c>apps/v1</c> and <c>apps/v1beta2</c> name one Deployment).</summary>
    /// <remarks>Derived, so not stored: inventories written with it still read.</remarks>
    [JsonIgnore]
    public string Key => $"{(ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "")}/{Kind}/{Namespace}/{Name}";

    [JsonIgnore]
    public string Display => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
