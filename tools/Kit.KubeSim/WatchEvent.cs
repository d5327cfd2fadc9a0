namespace Kit.KubeSim;

/// <summary>One change of one object, as a watch stream sends it.</summary>
/// <remarks>PreviousLabels (the previous version's labels, null when there was none) lets a filtered watch turn MODIFIED into ADDED or DELETED.</remarks>
sealed record WatchEvent(string Type, StoredObject Object, IReadOnlyDictionary<string, string>? PreviousLabels = null);
