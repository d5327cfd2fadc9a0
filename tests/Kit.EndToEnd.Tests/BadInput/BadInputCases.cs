namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>The catalogue of the bad-input suite, gathered from one file per kind of input.</summary>
static partial class BadInputCases
{
    public static IReadOnlyList<BadInputCase> All { get; } = [.. Repository(), .. Encoding(), .. Limits(), .. Manifests(), .. Kubeconfigs(), .. CommandLine()];
}
