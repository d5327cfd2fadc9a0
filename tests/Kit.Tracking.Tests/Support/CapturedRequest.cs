namespace Kit.Tracking.Tests.Support;

/// <summary>One request a <see cref="CaptureServer"/> received.</summary>
public sealed record CapturedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
