using System.Buffers;

namespace Kit.Kubernetes.Api;

/// <summary>An answer's whole body in a buffer of the shared pool, given back when disposed.</summary>
sealed class ResponseBody : IDisposable
{
    const int FirstSize = 16 * 1024;

    /// <summary>A larger announced length is read in buffers that grow as it arrives.</summary>
    const int LargestFirst = 64 * 1024 * 1024;

    byte[] buffer;
    int length;

    ResponseBody(byte[] buffer) => this.buffer = buffer;

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, length);

    /// <summary>Reads the body to its end: in one buffer of its announced length, or in a buffer that doubles as it fills.</summary>
    public static async Task<ResponseBody> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var announced = response.Content.Headers.ContentLength;
        var body = new ResponseBody(ArrayPool<byte>.Shared.Rent(announced is > 0 ? (int)Math.Min(announced.Value, LargestFirst) : FirstSize));
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                if (announced is { } whole && body.length >= whole)
                {
                    return body;
                }

                if (body.length == body.buffer.Length)
                {
                    body.Grow();
                }

                var read = await stream.ReadAsync(body.buffer.AsMemory(body.length), cancellationToken);
                if (read == 0)
                {
                    return body;
                }

                body.length += read;
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var returned = Interlocked.Exchange(ref buffer, []);
        if (returned.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(returned);
        }
    }

    void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
