namespace Kit.KubeSim.Schemas;

/// <summary>How server-side apply and strategic merge patch see one value, from its schema node.</summary>
enum Shape
{
    /// <summary>One value, replaced as a whole: a scalar, an atomic list, an atomic struct or map.</summary>
    Leaf,

    /// <summary>A struct or granular map: each field is merged and owned on its own.</summary>
    Fields,

    /// <summary>A list of type map: items are identified by their key fields.</summary>
    Associative,

    /// <summary>A list of type set: items are scalars identified by their value.</summary>
    Set,
}
