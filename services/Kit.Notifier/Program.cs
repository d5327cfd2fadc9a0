using Kit.Hosting;
using Kit.Notifying;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(NotifyingRegistration.ServiceName);
builder.AddNotifying();
builder.AddKitBus(x => x.AddNotifyingConsumers());

var app = builder.Build();
app.MapKitHealth();
app.MapKitMetrics();
return app.RunKit();
