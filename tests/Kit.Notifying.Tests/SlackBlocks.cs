using System.Text.Json;

namespace Kit.Notifying.Tests;

/// <summary>Reads Slack Block Kit messages back in tests.</summary>
static class SlackBlocks
{
    /// <summary>Every text of a Block Kit message, decoded, one per line.</summary>
    public static string Text(string body)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("blocks").ValueKind);
        var texts = new List<string>();
        Collect(json.RootElement);
        return string.Join('\n', texts);

        void Collect(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name == "text" && p.Value.ValueKind == JsonValueKind.String)
                    {
                        texts.Add(p.Value.GetString()!);
                    }
                    else
                    {
                        Collect(p.Value);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Collect(item);
                }
            }
        }
    }
}
