using System.Diagnostics;
using System.Net;
using System.Text;

namespace Kit.Testing;

/// <summary>
/// Smart HTTP on 127.0.0.1: <c>git http-backend</c> run as CGI behind an <see cref="HttpListener"/>, with basic
/// authentication, so https-style credentials are tested against a real git server.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly string basePath;
    readonly string username;
    readonly string password;
    readonly Task loop;

    GitHttpServer(string basePath, string username, string password, int port)
    {
        this.basePath = basePath;
        this.username = username;
        this.password = password;
        Port = port;
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Requests refused for missing or wrong credentials.</summary>
    public int Refused { get; private set; }

    public string Url(string name) => $"http://127.0.0.1:{Port}/{name}";

    public static GitHttpServer Start(string basePath, string username, string password)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new GitHttpServer(basePath, username, password, GitDaemon.FreePort());
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                // The free port was taken in between; pick another.
            }
        }
    }

    async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (!Authorized(context.Request.Headers["Authorization"]))
            {
                Refused++;
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"kit-test\"");
                response.Close();
                return;
            }

            await RunBackendAsync(context);
        }
        catch (Exception e) when (e is IOException or HttpListenerException or InvalidOperationException)
        {
            response.Abort();
        }
    }

    bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        return pair == $"{username}:{password}";
    }

    async Task RunBackendAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_PROJECT_ROOT"] = basePath;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        start.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        start.Environment["REQUEST_METHOD"] = request.HttpMethod;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["REMOTE_USER"] = username;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"] is { } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        if (request.ContentLength64 >= 0)
        {
            start.Environment["CONTENT_LENGTH"] = request.ContentLength64.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start git http-backend");
        process.BeginErrorReadLine();
        var feed = Task.Run(async () =>
        {
            await request.InputStream.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });
        var output = process.StandardOutput.BaseStream;
        var header = new List<byte>();
        while (!EndsWithBlankLine(header))
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                break;
            }

            header.Add((byte)b);
        }

        var response = context.Response;
        foreach (var line in Encoding.ASCII.GetString([.. header]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.AddHeader(name, value);
            }
        }

        response.SendChunked = true;
        await output.CopyToAsync(response.OutputStream);
        await feed.WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        response.Close();
    }

    static bool EndsWithBlankLine(List<byte> bytes) =>
        (bytes.Count >= 2 && bytes[^1] == '\n' && bytes[^2] == '\n')
        || (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r');

    public void Dispose()
    {
        // Close alone: Stop then Close makes .NET's HttpListener look its port up again, and bind it anew,
        // which fails when another test has taken the port meanwhile.
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }
}
