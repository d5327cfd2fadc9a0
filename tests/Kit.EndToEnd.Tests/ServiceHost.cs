using Kit.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Kit.EndToEnd.Tests;

/// <summary>Starts one kit service in-process exactly as its Program.cs does, with the test's settings.</summary>
static class ServiceHost
{
    public static async Task<WebApplication> StartAsync(
        string name,
        IDictionary<string, string?> settings,
        Func<WebApplicationBuilder, IHostApplicationBuilder> addService,
        Action<IBusRegistrationConfigurator> addConsumers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKitDefaults(name);
        addService(builder);
        builder.AddKitBus(addConsumers);
        var app = builder.Build();
        app.MapKitHealth();
        if (!KitApplication.TryValidate(app.Services, out var error))
        {
            throw new InvalidOperationException($"{name}: {error}");
        }

        await app.StartAsync();
        return app;
    }
}
