using System.Threading.Channels;

namespace Kit.KubeSim;

/// <summary>A live watch: the store pushes matching events into its channel.</summary>
sealed class Watcher(ResourceType type, string? ns)
{
    public Channel<WatchEvent> Events { get; } = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public bool Wants(StoredObject obj) => obj.Type.StorageKey == type.StorageKey && (ns is null || obj.Namespace == ns);
}
