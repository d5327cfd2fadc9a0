using Kit.Hosting;
using Kit.Tracker;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(TrackerService.Name);
builder.AddTracker();
builder.AddKitBus(x => x.AddTrackerConsumers());

var app = builder.Build();
app.MapKitHealth();
return app.RunKit();
