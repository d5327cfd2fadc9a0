using Kit.Cli.Hosting;
using Kit.CommitWatching;
using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using Kit.ImageUpdating;
using Kit.Rendering;
using Kit.Testing;
using LibGit2Sharp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Cli.Tests;

/// <summary><c>kit up</c>'s capabilities read and write the deployments repository through one bare clone.</summary>
public sealed class SharedCloneTests
{
    [Fact]
    public async Task Kit_up_keeps_one_clone_of_the_deployments_repository_for_the_writer_the_watcher_and_the_renderer()
    {
        using var folder = new TempDirectory();
        using var origin = BareGitRepository.Create(new Dictionary<string, string> { ["kit.yaml"] = "images: {}\n" });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = origin.Path,
            ["Kit:Repository:WorkDirectory"] = folder.Combine("work"),
            ["Kit:Deployer:Kubeconfigs"] = folder.Combine("kubeconfigs"),
            ["ConnectionStrings:Tracker"] = $"Data Source={folder.Combine("tracker.db")}",
        });
        builder.AddAllKitServices();
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The watcher's first check announces the tip; the image commit it sees next is the writer's own, so nothing is published.
        var watcher = app.Services.GetRequiredService<RepositoryWatcher>();
        await watcher.CheckAsync(CommitCause.Poll, timeout.Token);
        var image = ImageAnnouncement.For(ImageReference.Parse("registry.example.com/team/web:1.0.0"), null, "main", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var writer = app.Services.GetRequiredService<ImageWriter>();
        await writer.StartAsync(timeout.Token); // a hosted service: the host would start it
        var written = await writer.SubmitAsync(ImageUpdate.From(image), timeout.Token);
        Assert.True(written.HasCommit, written.Reason);
        Assert.Empty(await watcher.CheckAsync(CommitCause.Poll, timeout.Token));
        var settings = app.Services.GetRequiredService<RepositoryMirror>().Settings;
        var events = await app.Services.GetRequiredService<CommitRenderer>().RenderAsync(
            CommitAnnouncement.For(settings, image.CorrelationId, written.CommitSha!, CommitCause.Image, DateTimeOffset.UtcNow), timeout.Token);
        Assert.Equal(written.CommitSha, events.Planned.CommitSha);

        var clones = Directory.EnumerateDirectories(folder.Combine("work"), "*", SearchOption.AllDirectories).Where(Repository.IsValid).ToList();
        var clone = Assert.Single(clones);
        using var repository = new Repository(clone);
        Assert.Equal(origin.Tip, repository.Branches["main"].Tip.Sha);
    }
}
