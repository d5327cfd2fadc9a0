using System.ComponentModel.DataAnnotations;
using Kit.Rendering;
using Microsoft.Extensions.Configuration;

namespace Kit.Cli;

/// <summary>The renderer's settings (<c>Kit__Rendering__*</c>) for the commands that render in this process.</summary>
public static class RenderingEnvironment
{
    /// <summary>The settings from the environment, or null and one line naming the wrong one.</summary>
    public static RenderingSettings? Read(out string? problem)
    {
        RenderingSettings settings;
        try
        {
            settings = new ConfigurationBuilder().AddEnvironmentVariables().Build()
                .GetSection(RenderingSettings.Section).Get<RenderingSettings>() ?? new RenderingSettings();
        }
        catch (InvalidOperationException e)
        {
            // A value that is not a number: the binder's message names the key as configuration spells it.
            var key = e.Message.Split('\'').FirstOrDefault(p => p.StartsWith(RenderingSettings.Section + ":", StringComparison.Ordinal));
            problem = key is null ? $"a Kit__Rendering__ setting is not valid: {e.Message}" : $"{key.Replace(":", "__", StringComparison.Ordinal)} must be a whole number";
            return null;
        }

        var invalid = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), invalid, validateAllProperties: true))
        {
            problem = string.Join("; ", invalid.Select(v => v.ErrorMessage));
            return null;
        }

        problem = null;
        return settings;
    }

    /// <summary>The render options these settings give.</summary>
    public static RenderOptions Apply(this RenderingSettings settings, RenderOptions options) =>
        options with { Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds) };
}
