using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kit.Hosting;

/// <summary>How every kit settings class is registered: bound to its section, checked by its attributes, at start.</summary>
public static class KitSettings
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its data annotations and validates on start,
    /// so a wrong value stops the host with one line naming the key; chain <c>.Validate(...)</c> for rules across keys.
    /// Several capabilities in one process (<c>kit up</c>) may ask for the same settings: they are bound and checked once.
    /// </summary>
    public static OptionsBuilder<T> AddKitSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        if (services.Any(d => d.ServiceType == typeof(Registered<T>)))
        {
            return new OptionsBuilder<T>(services, Options.DefaultName);
        }

        services.AddSingleton<Registered<T>>();
        return services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>Marks <typeparamref name="T"/> as bound already.</summary>
    sealed class Registered<T>;
}
