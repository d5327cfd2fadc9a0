using System.Text.Json.Nodes;
using Kit.Contracts;

namespace Kit.Notifying;

/// <summary>Slack Block Kit messages: one per deployment, the optional early first-failure one, and one per drift episode.</summary>
public sealed class SlackMessages(SecretRedactor redactor)
{
    /// <summary>Failed clusters listed by name before "and N more".</summary>
    public const int ListedFailures = 10;

    const int MaxReason = 300;

    public string Completed(DeploymentCompleted d)
    {
        var (failed, title) = Headline(d);
        var emoji = failed ? ":x:" : ":white_check_mark:";
        var blocks = new JsonArray
        {
            Header($"{(failed ? "❌" : "✅")} {title}"),
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray
                {
                    Field("Commit", $"`{Short(d.CommitSha, 12)}`"),
                    Field("Image", d.SourceImage is null ? "–" : $"`{Escape(redactor.Redact(d.SourceImage))}`"),
                    Field("Clusters", Counts(d)),
                    Field("Duration", Duration(d.CompletedAt - d.StartedAt)),
                },
            },
        };
        if (d.Error is not null)
        {
            blocks.Add(Section($"*Error*\n{Escape(Cut(redactor.Redact(d.Error)))}"));
        }

        if (d.Failures.Count > 0)
        {
            var lines = d.Failures.Take(ListedFailures)
                .Select(f => $"• `{Escape(f.Cluster)}` {f.Outcome}: {Escape(Cut(redactor.Redact(f.Reason)))}")
                .ToList();
            if (d.Failures.Count > ListedFailures)
            {
                lines.Add($"…and {d.Failures.Count - ListedFailures} more");
            }

            blocks.Add(Section("*Failed clusters*\n" + string.Join('\n', lines)));
        }

        blocks.Add(Context($"Deployment `{d.CorrelationId}`{(d.Repository is null ? "" : $" · {Escape(redactor.Redact(d.Repository))}")}"));
        return new JsonObject { ["text"] = $"{emoji} {title} ({Short(d.CommitSha, 12)})", ["blocks"] = blocks }.ToJsonString();
    }

    public string FirstFailure(ClusterDeployed c)
    {
        var title = $"First failure in deployment {c.CorrelationId.ToString()[..8]}: {c.Cluster}";
        var blocks = new JsonArray
        {
            Header($"⚠️ {title}"),
            Section($"`{Escape(c.Cluster)}` {c.Outcome}: {Escape(Cut(redactor.Redact(c.Error ?? c.Outcome.ToString())))}"),
            Context($"Commit `{Short(c.CommitSha, 12)}` · deployment `{c.CorrelationId}` · the summary follows when every cluster has reported"),
        };
        return new JsonObject { ["text"] = $":warning: {title}", ["blocks"] = blocks }.ToJsonString();
    }

    /// <summary>One drift episode: the cluster, whether it was healed, and each object's fields and managers.</summary>
    public string Drift(DriftDetected d)
    {
        var title = DriftTitle(d);
        var lines = d.Objects.Take(ListedFailures).Select(o =>
        {
            var name = o.Namespace is null ? $"{o.Kind} {o.Name}" : $"{o.Kind} {o.Namespace}/{o.Name}";
            var what = o.Missing ? "deleted" : string.Join("; ", o.Fields.Take(5).Select(f => redactor.Redact(f))) + (o.Fields.Count > 5 ? $"; and {o.Fields.Count - 5} more" : "");
            var by = o.Managers.Count == 0 ? "" : $" (by {string.Join(", ", o.Managers)})";
            return $"• `{Escape(name)}` {Escape(Cut(what + by))}";
        }).ToList();
        if (d.Objects.Count > ListedFailures)
        {
            lines.Add($"…and {d.Objects.Count - ListedFailures} more");
        }

        var blocks = new JsonArray
        {
            Header($"{(d.Healed ? "🩹" : "⚠️")} {title}"),
            Section($"*{d.Objects.Count} object{(d.Objects.Count == 1 ? "" : "s")} differed from commit* `{Short(d.CommitSha, 12)}`\n" + string.Join('\n', lines)),
        };
        if (d.Error is not null)
        {
            blocks.Add(Section($"*Error*\n{Escape(Cut(redactor.Redact(d.Error)))}"));
        }

        blocks.Add(Context($"Cluster `{Escape(d.Cluster)}` · drift `{Escape(d.Signature)}` · deployment `{d.CorrelationId}`"));
        return new JsonObject { ["text"] = $"{(d.Healed ? ":adhesive_bandage:" : ":warning:")} {title} ({Short(d.CommitSha, 12)})", ["blocks"] = blocks }.ToJsonString();
    }

    /// <summary>Whether the deployment failed, and its title, the same on every channel.</summary>
    internal static (bool Failed, string Title) Headline(DeploymentCompleted d)
    {
        var failed = d.Error is not null || d.Failed > 0 || d.TimedOut > 0;
        return (failed, d.Error is not null ? "Deployment failed"
            : failed ? $"Deployment failed on {d.Failed + d.TimedOut} of {d.Total} clusters"
            : $"Deployment succeeded on {d.Total} clusters");
    }

    internal static string DriftTitle(DriftDetected d) =>
        d.Healed ? $"Drift on {d.Cluster} healed"
            : d.Error is not null ? $"Drift on {d.Cluster}: healing failed"
            : $"Drift on {d.Cluster}";

    internal static string Counts(DeploymentCompleted d)
    {
        var parts = new List<string> { $"{d.Total} total", $"{d.Succeeded} succeeded" };
        if (d.Failed > 0)
        {
            parts.Add($"{d.Failed} failed");
        }

        if (d.TimedOut > 0)
        {
            parts.Add($"{d.TimedOut} timed out");
        }

        if (d.Skipped > 0)
        {
            parts.Add($"{d.Skipped} unchanged");
        }

        return string.Join(" · ", parts);
    }

    internal static string Duration(TimeSpan t) =>
        t < TimeSpan.Zero ? "–" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m {t.Seconds}s" : $"{t.TotalSeconds:0.#}s";

    static JsonObject Header(string text) => new()
    {
        ["type"] = "header",
        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text.Length > 150 ? text[..149] + "…" : text, ["emoji"] = true },
    };

    static JsonObject Section(string markdown) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = markdown.Length > 3000 ? markdown[..2999] + "…" : markdown },
    };

    static JsonObject Field(string name, string value) => new() { ["type"] = "mrkdwn", ["text"] = $"*{name}*\n{value}" };

    static JsonObject Context(string markdown) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray { new JsonObject { ["type"] = "mrkdwn", ["text"] = markdown } },
    };

    internal static string Short(string value, int length) => value.Length > length ? value[..length] : value;

    static string Cut(string value) => value.Length > MaxReason ? value[..MaxReason] + "…" : value;

    /// <summary>Slack's mrkdwn control characters.</summary>
    static string Escape(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("`", "'");
}
