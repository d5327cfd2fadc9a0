using Kit.Contracts;
using MassTransit;

namespace Kit.Tracking.Consumers;

/// <summary>Records a cluster's latest drift (queue <c>drift-detected</c>).</summary>
public sealed class DriftDetectedConsumer(DriftRecorder recorder) : IConsumer<DriftDetected>
{
    public Task Consume(ConsumeContext<DriftDetected> context) => recorder.RecordAsync(context.Message, context.CancellationToken);
}
