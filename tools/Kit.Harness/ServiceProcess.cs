using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kit.Harness;

/// <summary>
/// A kit service as its own process (its built dll under <c>dotnet</c>, settings as environment variables),
/// so a test can kill it the way a node failure or OOM kill does: no disposal, no graceful stop.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    readonly Process process;

    ServiceProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }
    public int Id => process.Id;
    public ConcurrentQueue<string> Output { get; } = new();
    public bool HasExited => process.HasExited;

    /// <summary>
    /// Starts <c>services/&lt;project&gt;</c>'s dll, built with the caller's configuration; a host that is not built yet
    /// is built first (the bench references no host project, so nothing else builds it).
    /// </summary>
    public static ServiceProcess Start(string name, string project, IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = RepositoryRoot.Combine("services", project, "bin", configuration, "net10.0", project + ".dll");
        if (!File.Exists(dll))
        {
            Build(project, configuration, dll);
        }

        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["Urls"] = settings.GetValueOrDefault("Urls") ?? "http://127.0.0.1:0";
        environment["DOTNET_gcServer"] = "0";
        return Run(name, dll, [], environment);
    }

    /// <summary>
    /// Runs <paramref name="dll"/> under <c>dotnet</c> with <paramref name="arguments"/>, in the dll's folder; the
    /// environment is the caller's with <paramref name="environment"/> on top (a null value removes a variable).
    /// </summary>
    public static ServiceProcess Run(string name, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {dll}");
        var service = new ServiceProcess(name, process);
        process.OutputDataReceived += (_, e) => service.Add(e.Data);
        process.ErrorDataReceived += (_, e) => service.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>SIGKILL: the process ends at once, holding whatever it had not acknowledged.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    /// <summary>The exit code once the process ends within <paramref name="limit"/>; null when it still runs.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public bool Logged(string text) => Output.Any(l => l.Contains(text, StringComparison.Ordinal));

    void Add(string? line)
    {
        if (line is not null)
        {
            Output.Enqueue(line);

            // Bounded, so that an hour-long soak does not grow the runner's memory.
            while (Output.Count > 5_000 && Output.TryDequeue(out _))
            {
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    static readonly Lock BuildLock = new();

    static void Build(string project, string configuration, string dll)
    {
        lock (BuildLock)
        {
            if (File.Exists(dll))
            {
                return;
            }

            var csproj = RepositoryRoot.Combine("services", project, project + ".csproj");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", csproj, "-c", configuration, "--nologo", "-v", "quiet"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("dotnet could not be started");
            var output = build.StandardOutput.ReadToEnd();
            if (!build.WaitForExit(TimeSpan.FromMinutes(10)) || build.ExitCode != 0 || !File.Exists(dll))
            {
                throw new FileNotFoundException($"{dll} is not built and dotnet build failed:\n{output}", dll);
            }
        }
    }
}
