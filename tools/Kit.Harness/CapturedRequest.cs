namespace Kit.Harness;

/// <summary>One request an <see cref="HttpCapture"/> received.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
