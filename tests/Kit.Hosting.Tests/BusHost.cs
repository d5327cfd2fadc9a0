using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kit.Hosting.Tests;

/// <summary>Builds a service host the way every kit service builds it, with test settings.</summary>
static class BusHost
{
    public static WebApplication Build(IDictionary<string, string?> settings, Action<IBusRegistrationConfigurator> consumers, bool inMemory = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKitDefaults("hosting-test");
        builder.AddKitBus(consumers, inMemory);
        var app = builder.Build();
        app.MapKitHealth();
        return app;
    }
}
