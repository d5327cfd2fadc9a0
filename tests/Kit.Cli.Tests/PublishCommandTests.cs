using System.Diagnostics;
using Kit.Cli.Commands;
using Kit.Contracts;
using Kit.Harness;
using MassTransit;

namespace Kit.Cli.Tests;

public sealed class PublishCommandTests
{
    static PublishRequest Request(string? image = "registry.example.com/team/auth:1.4.2", string? rabbitMq = null) =>
        new(image, null, null, "main", null, "abc123", "Ada", "ada@example.com", "fix", rabbitMq);

    [Theory]
    [InlineData("registry.example.com/Team/auth:1")]
    [InlineData("registry.example.com/team/auth:")]
    [InlineData("registry.example.com/team/auth@sha256:1234")]
    [InlineData("auth:bad tag")]
    [InlineData("")]
    public async Task An_invalid_image_reference_is_one_line_and_a_usage_exit_code(string image)
    {
        var error = new StringWriter();

        var code = await PublishCommand.Handler(Request(image, "amqp://guest:guest@127.0.0.1:5672/"), TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("kit: ", error.ToString());
    }

    [Fact]
    public async Task An_unreachable_broker_fails_within_ten_seconds_with_one_line()
    {
        var error = new StringWriter();
        var clock = Stopwatch.StartNew();

        // Port 1 on loopback: nothing listens there.
        var code = await PublishCommand.Handler(Request(rabbitMq: "amqp://guest:guest@127.0.0.1:1/"), TextWriter.Null, error, CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Contains("127.0.0.1:1", error.ToString());
        Assert.DoesNotContain("guest:guest", error.ToString());
    }

    [Fact]
    public void Kits_tag_form_is_built_from_registry_branch_and_commit()
    {
        var request = new PublishRequest(null, "registry.example.com/team/auth", "0a1b2c3", "feature/login", null, null, null, null, null, null);

        Assert.True(request.TryBuild(out var message, out _));
        Assert.Equal("registry.example.com/team/auth:feature-login-0a1b2c3", message.Image);
        Assert.Equal("auth", message.Repository);
        Assert.Equal("0a1b2c3", message.SourceCommit);
    }

    [Fact]
    public async Task The_event_reaches_a_consumer_on_the_real_broker()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        var received = new TaskCompletionSource<ImageBuilt>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(vhost.ConnectionString));
            cfg.ReceiveEndpoint("image-built-probe", e => e.Handler<ImageBuilt>(c =>
            {
                received.TrySetResult(c.Message);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync();
        try
        {
            var output = new StringWriter();
            var code = await PublishCommand.Handler(Request(rabbitMq: vhost.ConnectionString), output, TextWriter.Null, CancellationToken.None);

            Assert.Equal(ExitCodes.Ok, code);
            var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("registry.example.com/team/auth:1.4.2", message.Image);
            Assert.Equal("auth", message.Repository);
            Assert.Equal("Ada", message.CommitterName);
            Assert.Contains(message.CorrelationId.ToString(), output.ToString());
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
