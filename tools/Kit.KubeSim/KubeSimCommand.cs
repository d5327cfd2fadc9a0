using System.Globalization;

namespace Kit.KubeSim;

/// <summary>
/// kubesim --clusters N --kubeconfig-dir DIR [--names a,b,c] [--port P] [--latency-ms L]
/// [--rollout-seconds S] [--fail-images REGEX] [--error-rate R]
/// </summary>
static class KubeSimCommand
{
    public const int Ok = 0;
    public const int UsageError = 2;

    const string Usage = "usage: kubesim --clusters N --kubeconfig-dir DIR [--names a,b,c] [--port P] [--latency-ms L] [--rollout-seconds S] [--fail-images REGEX] [--error-rate R]";

    public static async Task<int> RunAsync(string[] args)
    {
        KubeSimOptions options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"kubesim: {e.Message}");
            Console.Error.WriteLine(Usage);
            return UsageError;
        }

        KubeSimServer server;
        try
        {
            server = await KubeSimServer.StartAsync(options);
        }
        catch (Exception e) when (e is ArgumentException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Console.Error.WriteLine($"kubesim: {e.Message}");
            return UsageError;
        }

        await using (server)
        {
            using var stop = new CancellationTokenSource();
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.WriteLine($"ready {server.BaseUrl}");
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return Ok;
    }

    public static KubeSimOptions Parse(string[] args)
    {
        int clusters = 1, port = 0, latency = 0;
        double rollout = 1, errorRate = 0;
        string? dir = null, failImages = null;
        List<string>? names = null;
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string value;
            var eq = flag.IndexOf('=');
            if (eq > 0)
            {
                value = flag[(eq + 1)..];
                flag = flag[..eq];
            }
            else
            {
                value = i + 1 < args.Length ? args[++i] : throw new FormatException($"{flag} needs a value");
            }

            switch (flag)
            {
                case "--clusters":
                    clusters = Int(flag, value, min: 1);
                    break;
                case "--kubeconfig-dir":
                    dir = value;
                    break;
                case "--names":
                    names = [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                    break;
                case "--port":
                    port = Int(flag, value, min: 0);
                    break;
                case "--latency-ms":
                    latency = Int(flag, value, min: 0);
                    break;
                case "--rollout-seconds":
                    rollout = Double(flag, value, 0, double.MaxValue);
                    break;
                case "--fail-images":
                    failImages = value;
                    try
                    {
                        _ = new System.Text.RegularExpressions.Regex(value);
                    }
                    catch (ArgumentException e)
                    {
                        throw new FormatException($"--fail-images is not a valid regular expression: {e.Message}");
                    }

                    break;
                case "--error-rate":
                    errorRate = Double(flag, value, 0, 1);
                    break;
                default:
                    throw new FormatException($"unknown option {flag}");
            }
        }

        if (dir is null)
        {
            throw new FormatException("--kubeconfig-dir is required");
        }

        if (names is not null && names.Count != clusters && args.Contains("--clusters"))
        {
            throw new FormatException($"--names lists {names.Count} names but --clusters is {clusters}");
        }

        return new KubeSimOptions
        {
            Clusters = names?.Count ?? clusters,
            Names = names,
            KubeconfigDirectory = dir,
            Port = port,
            LatencyMs = latency,
            RolloutSeconds = rollout,
            FailImages = failImages,
            ErrorRate = errorRate,
        };
    }

    static int Int(string flag, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new FormatException($"{flag} must be an integer >= {min} (got \"{value}\")");

    static double Double(string flag, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= min && d <= max ? d : throw new FormatException($"{flag} must be a number in [{min}, {max}] (got \"{value}\")");
}
