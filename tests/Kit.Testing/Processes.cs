using System.Diagnostics;

namespace Kit.Testing;

/// <summary>What a finished process printed and how it exited.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>Runs a program to its end with a time limit (killed, with its children, when it runs over).</summary>
public static class Processes
{
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> args,
        TimeSpan? timeout = null,
        string? input = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish in {limit.TotalSeconds:0}s");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
