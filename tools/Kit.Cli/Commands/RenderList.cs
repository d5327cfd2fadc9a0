using Kit.Cli.Output;
using Kit.Git;
using Kit.Rendering;
using Kit.Rendering.Trees;

namespace Kit.Cli.Commands;

/// <summary><c>kit render --list</c>: the clusters a repository defines, as a table or as json/yaml, without rendering them.</summary>
public static class RenderList
{
    /// <summary>One listed cluster; the field names are the json/yaml contract of <c>kit render --list -o json|yaml</c>.</summary>
    public sealed record Cluster(string Name, string? Type, string? Branch, bool Disabled, bool AllowFailure, string File);

    public static int Write(IRepositoryTree tree, RenderRequest request, TextWriter output, TextWriter error)
    {
        KitRepository repository;
        try
        {
            repository = KitRepository.Load(tree, request.Conf ?? KitConfig.DefaultPath);
        }
        catch (RenderException e)
        {
            error.WriteLine(e.ToError().ToString());
            return ExitCodes.Failed;
        }

        var clusters = repository.Clusters
            .Where(c => request.Cluster is null || c.Name == request.Cluster)
            .Where(c => request.ClusterType is null || c.Type == request.ClusterType)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new Cluster(c.Name, c.Type, c.Branch, c.Disabled, c.AllowFailure, c.SourceFile))
            .ToList();
        var errors = repository.ClusterErrors.Where(e => request.Cluster is null || e.Cluster == request.Cluster).ToList();
        foreach (var problem in errors)
        {
            error.WriteLine(problem);
        }

        if (OutputFormat.IsStructured(request.Output))
        {
            StructuredWriter.Write(clusters, request.Output!, output);
        }
        else
        {
            var wide = request.Output == OutputFormat.Wide;
            string[] headers = wide ? ["NAME", "TYPE", "BRANCH", "DISABLED", "ALLOW-FAILURE", "FILE"] : ["NAME", "TYPE", "BRANCH"];
            TextTable.Write(output, headers, clusters.Select(c => (IReadOnlyList<string>)(wide
                ? [c.Name, c.Type ?? "", c.Branch ?? "", Flag(c.Disabled), Flag(c.AllowFailure), c.File]
                : [c.Name, c.Type ?? "", c.Branch ?? ""])));
        }

        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    static string Flag(bool value) => value ? "true" : "false";
}
