using System.Text.Json.Nodes;
using Kit.Contracts;

namespace Kit.Notifying;

/// <summary>
/// Microsoft Teams messages: an Adaptive Card in a <c>message</c> attachment, as Teams' incoming webhooks and
/// Workflows take them. One per deployment and one per drift episode, with the Slack messages' content.
/// </summary>
public sealed class TeamsMessages(SecretRedactor redactor)
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    public const string CardSchema = "http://adaptivecards.io/schemas/adaptive-card.json";

    /// <summary>Teams' incoming webhooks render Adaptive Cards up to 1.5; 1.4 is what every Teams client shows.</summary>
    public const string CardVersion = "1.4";

    const int MaxReason = 300;

    public string Completed(DeploymentCompleted d)
    {
        var (failed, title) = SlackMessages.Headline(d);
        var body = new JsonArray
        {
            Title($"{(failed ? "❌" : "✅")} {title}", failed ? "Attention" : "Good"),
            Facts(
                ("Commit", SlackMessages.Short(d.CommitSha, 12)),
                ("Image", d.SourceImage is null ? "–" : redactor.Redact(d.SourceImage)),
                ("Clusters", SlackMessages.Counts(d)),
                ("Duration", SlackMessages.Duration(d.CompletedAt - d.StartedAt))),
        };
        if (d.Error is not null)
        {
            body.Add(Text($"Error: {Cut(redactor.Redact(d.Error))}"));
        }

        if (d.Failures.Count > 0)
        {
            var lines = d.Failures.Take(SlackMessages.ListedFailures)
                .Select(f => $"- {f.Cluster} {f.Outcome}: {Cut(redactor.Redact(f.Reason))}")
                .ToList();
            if (d.Failures.Count > SlackMessages.ListedFailures)
            {
                lines.Add($"- …and {d.Failures.Count - SlackMessages.ListedFailures} more");
            }

            body.Add(Text("Failed clusters:\n\n" + string.Join("\n", lines)));
        }

        body.Add(Subtle($"Deployment {d.CorrelationId}{(d.Repository is null ? "" : $" · {redactor.Redact(d.Repository)}")}"));
        return Message(body);
    }

    /// <summary>One drift episode: the cluster, whether it was healed, and each object's fields.</summary>
    public string Drift(DriftDetected d)
    {
        var title = SlackMessages.DriftTitle(d);
        var lines = d.Objects.Take(SlackMessages.ListedFailures).Select(o =>
        {
            var name = o.Namespace is null ? $"{o.Kind} {o.Name}" : $"{o.Kind} {o.Namespace}/{o.Name}";
            var what = o.Missing ? "deleted" : string.Join("; ", o.Fields.Take(5).Select(f => redactor.Redact(f))) + (o.Fields.Count > 5 ? $"; and {o.Fields.Count - 5} more" : "");
            return $"- {name}: {Cut(what)}";
        }).ToList();
        if (d.Objects.Count > SlackMessages.ListedFailures)
        {
            lines.Add($"- …and {d.Objects.Count - SlackMessages.ListedFailures} more");
        }

        var body = new JsonArray
        {
            Title($"{(d.Healed ? "🩹" : "⚠️")} {title}", d.Healed ? "Good" : "Warning"),
            Text($"{d.Objects.Count} object{(d.Objects.Count == 1 ? "" : "s")} differed from commit {SlackMessages.Short(d.CommitSha, 12)}:\n\n" + string.Join("\n", lines)),
        };
        if (d.Error is not null)
        {
            body.Add(Text($"Error: {Cut(redactor.Redact(d.Error))}"));
        }

        body.Add(Subtle($"Cluster {d.Cluster} · drift {d.Signature} · deployment {d.CorrelationId}"));
        return Message(body);
    }

    static string Message(JsonArray body) => new JsonObject
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray
        {
            new JsonObject
            {
                ["contentType"] = CardContentType,
                ["contentUrl"] = null,
                ["content"] = new JsonObject
                {
                    ["$schema"] = CardSchema,
                    ["type"] = "AdaptiveCard",
                    ["version"] = CardVersion,
                    ["msteams"] = new JsonObject { ["width"] = "Full" },
                    ["body"] = body,
                },
            },
        },
    }.ToJsonString();

    static JsonObject Title(string text, string color) => new()
    {
        ["type"] = "TextBlock", ["text"] = Plain(text), ["weight"] = "Bolder", ["size"] = "Medium", ["color"] = color, ["wrap"] = true,
    };

    static JsonObject Text(string text) => new() { ["type"] = "TextBlock", ["text"] = Plain(text), ["wrap"] = true };

    static JsonObject Subtle(string text) => new() { ["type"] = "TextBlock", ["text"] = Plain(text), ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true };

    static JsonObject Facts(params (string Title, string Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = Plain(f.Value) })]),
    };

    static string Cut(string value) => value.Length > MaxReason ? value[..MaxReason] + "…" : value;

    /// <summary>TextBlock renders a subset of Markdown: its emphasis and link characters are escaped so names show as written.</summary>
    static string Plain(string value) => value.Replace("\\", "\\\\").Replace("*", "\\*").Replace("_", "\\_").Replace("[", "\\[").Replace("]", "\\]");
}
