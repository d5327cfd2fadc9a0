using System.ComponentModel.DataAnnotations;

namespace Kit.Hosting;

/// <summary>Where <c>/metrics</c> is served: <c>Kit:Metrics</c>.</summary>
public sealed class MetricsSettings
{
    public const string Section = "Kit:Metrics";

    /// <summary>
    /// A port of its own for <c>/metrics</c>, on the host the service listens on; 0 (default) serves it on the
    /// service's own port beside the health checks.
    /// </summary>
    [Range(0, 65_535, ErrorMessage = "Kit__Metrics__Port must be a TCP port from 1 to 65535, or 0 for the service's own port")]
    public int Port { get; set; }
}
