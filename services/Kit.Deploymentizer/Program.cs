using Kit.Hosting;
using Kit.Rendering;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(RenderingRegistration.ServiceName);
builder.AddRendering();
builder.AddKitBus(x => x.AddRenderingConsumers());

var app = builder.Build();
app.MapKitHealth();
app.MapKitMetrics();
return app.RunKit();
