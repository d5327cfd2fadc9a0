using Kit.CommitWatching;
using Kit.CommitWatching.Sources;
using Kit.Hosting;
using Kit.ImageUpdating;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(ImageUpdatingRegistration.ServiceName);
builder.AddImageUpdating();
builder.AddSourcePinning();
builder.AddCommitWatching();
builder.AddKitBus(x => x.AddImageUpdatingConsumers().AddCommitWatchingConsumers());

var app = builder.Build();
app.MapKitHealth();
app.MapKitMetrics();
app.MapGitWebhook();
app.MapImagesApi();
app.MapSourceWebhook();
return app.RunKit();
