namespace Kit.Git;

/// <summary>A <c>kit.yaml</c> that cannot be used: the message says why, without the file's name, which <see cref="File"/> holds.</summary>
public sealed class KitConfigException(string message, string file, int? line) : Exception(message)
{
    public string File { get; } = file;

    public int? Line { get; } = line;
}
