namespace Kit.KubeSim;

/// <summary>Which part of an object a write manages: kube-apiserver resets status on the main resource and the rest on /status.</summary>
enum FieldScope
{
    /// <summary>Every field (a kind without a status subresource).</summary>
    Everything,

    /// <summary>Everything but status.</summary>
    MainResource,

    /// <summary>Status only.</summary>
    StatusSubresource,
}
