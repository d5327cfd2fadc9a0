using System.Diagnostics;
using Kit.Harness;

namespace Kit.Resilience.Tests;

/// <summary>Waits for service processes to attach to their queue, so that a message published next is theirs.</summary>
static class Consumers
{
    public static async Task WaitAsync(RabbitMqVirtualHost vhost, string queue, int count, IEnumerable<ServiceProcess> processes)
    {
        var clock = Stopwatch.StartNew();
        while (await vhost.ConsumersAsync(queue) < count)
        {
            var exited = processes.FirstOrDefault(p => p.HasExited);
            if (exited is not null)
            {
                Assert.Fail($"{exited.Name} exited: {string.Join('\n', exited.Output.TakeLast(20))}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"{queue} has {await vhost.ConsumersAsync(queue)} consumers, not {count}, after 60 s; {await vhost.DescribeQueuesAsync()}");
            }

            await Task.Delay(200);
        }
    }
}
