namespace Kit.Tracking;

/// <summary>A tracker or notifier setting is wrong; the message is one line naming the key.</summary>
public sealed class TrackerConfigurationException(string message) : Exception(message);
