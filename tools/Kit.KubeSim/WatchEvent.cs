namespace Kit.KubeSim;

/// <summary>One change of one object, as a watch stream sends it.</summary>
sealed record WatchEvent(string Type, StoredObject Object);
