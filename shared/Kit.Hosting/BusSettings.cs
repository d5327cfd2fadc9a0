using System.ComponentModel.DataAnnotations;

namespace Kit.Hosting;

/// <summary>How a service talks to the broker: <c>Kit:Bus</c>, plus <c>ConnectionStrings:RabbitMq</c>.</summary>
public sealed class BusSettings
{
    public const string Section = "Kit:Bus";

    /// <summary>Retries of a failing message before it goes to the error queue.</summary>
    [Range(0, 20, ErrorMessage = "Kit__Bus__RetryLimit must be between 0 and 20")]
    public int RetryLimit { get; set; } = 5;

    [Range(0.01, 600, ErrorMessage = "Kit__Bus__RetryMinSeconds must be between 0.01 and 600")]
    public double RetryMinSeconds { get; set; } = 0.2;

    [Range(0.01, 3600, ErrorMessage = "Kit__Bus__RetryMaxSeconds must be between 0.01 and 3600")]
    public double RetryMaxSeconds { get; set; } = 30;

    /// <summary>Messages fetched ahead per endpoint; 0 lets MassTransit choose.</summary>
    [Range(0, 10_000, ErrorMessage = "Kit__Bus__PrefetchCount must be between 0 and 10000")]
    public int PrefetchCount { get; set; }

    /// <summary>How long start-up waits for the broker before the service gives up.</summary>
    [Range(1, 3600, ErrorMessage = "Kit__Bus__StartTimeoutSeconds must be between 1 and 3600")]
    public int StartTimeoutSeconds { get; set; } = 60;

    /// <summary>Queue name prefix, so that several installations (or tests) can share a virtual host.</summary>
    public string? QueuePrefix { get; set; }
}
