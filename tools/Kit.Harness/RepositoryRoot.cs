namespace Kit.Harness;

/// <summary>The checkout's root folder (the one holding Kit.Services.sln), found from the test's folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Kit.Services.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kit.Services.sln not found above " + AppContext.BaseDirectory);
    }
}
