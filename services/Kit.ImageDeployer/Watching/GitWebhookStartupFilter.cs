namespace Kit.ImageDeployer.Watching;

/// <summary>
/// Maps <c>POST /hooks/git</c> and <c>POST /api/images</c> ahead of the application's own pipeline, so the
/// fixed Program.cs needs no line for them.
/// </summary>
public sealed class GitWebhookStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(GitWebhook.Path, hook => hook.Run(GitWebhook.HandleAsync));
        app.Map(ImagesApi.Path, images => images.Run(ImagesApi.HandleAsync));
        next(app);
    };
}
