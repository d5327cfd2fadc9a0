using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Kit.Harness;

namespace Kit.Install.Tests;

/// <summary>Every public type of a library says in one summary what it is for, in the documentation file the build writes.</summary>
public sealed class PublicTypeSummaryTests
{
    /// <summary>The libraries: every project under shared/, and the tools other projects reference.</summary>
    public static TheoryData<string> Libraries()
    {
        var names = Directory.GetDirectories(RepositoryRoot.Combine("shared"))
            .Where(folder => File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".csproj")))
            .Select(Path.GetFileName)
            .Append("Kit.Harness")
            .Append("Kit.KubeSim");
        var data = new TheoryData<string>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            data.Add(name!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Every_public_type_has_a_summary(string library)
    {
        var assemblyFile = Path.Combine(AppContext.BaseDirectory, library + ".dll");
        var documentationFile = Path.ChangeExtension(assemblyFile, ".xml");
        Assert.True(File.Exists(assemblyFile), $"{library}.dll is not beside the tests: add a ProjectReference to {library} in Kit.Install.Tests.csproj");
        Assert.True(File.Exists(documentationFile), $"{library} writes no documentation file: GenerateDocumentationFile (Directory.Build.props)");

        var summaries = XDocument.Load(documentationFile).Descendants("member")
            .Where(m => m.Element("summary") is { } summary && (summary.Value.Trim().Length > 0 || summary.Elements().Any()))
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);
        var missing = Assembly.LoadFrom(assemblyFile).GetExportedTypes()
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute), false))
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !summaries.Contains("T:" + name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"public types of {library} without a <summary>:\n  " + string.Join("\n  ", missing));
    }
}
