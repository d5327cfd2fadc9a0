using Kit.Hosting;
using Kit.Tracking;
using Kit.Tracking.Api;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(TrackingRegistration.ServiceName);
builder.AddTracking();
builder.AddKitBus(x => x.AddTrackingConsumers());

var app = builder.Build();
app.MapKitHealth();
app.MapKitMetrics();
app.MapTrackerApi();
return app.RunKit();
