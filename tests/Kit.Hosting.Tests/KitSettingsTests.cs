using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kit.Hosting.Tests;

public sealed class KitSettingsTests
{
    [Fact]
    public void Settings_two_capabilities_ask_for_are_bound_and_checked_once()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Kit:Bus:RetryLimit"] = "7" }).Build());

        services.AddKitSettings<BusSettings>(BusSettings.Section);
        services.AddKitSettings<BusSettings>(BusSettings.Section).Validate(s => s.RetryLimit < 5, "Kit__Bus__RetryLimit must be below 5 here");

        Assert.Single(services, d => d.ServiceType == typeof(IConfigureOptions<BusSettings>));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<BusSettings>) && d.ImplementationInstance is DataAnnotationValidateOptions<BusSettings>);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BusSettings>>().Value);
        Assert.Equal(["Kit__Bus__RetryLimit must be below 5 here"], error.Failures);
    }
}
