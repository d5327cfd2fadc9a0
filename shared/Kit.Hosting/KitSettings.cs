using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kit.Hosting;

/// <summary>How every kit settings class is registered: bound to its section, checked by its attributes, at start.</summary>
public static class KitSettings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its data annotations and validates on start,
    /// so a wrong value stops the host with one line naming the key; chain <c>.Validate(...)</c> for rules across keys.
    /// </summary>
    public static OptionsBuilder<T> AddKitSettings<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
