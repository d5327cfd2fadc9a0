namespace Kit.Hosting;

/// <summary>A setting is missing or wrong; the message is one line that names the key.</summary>
public sealed class KitConfigurationException(string message) : Exception(message);
