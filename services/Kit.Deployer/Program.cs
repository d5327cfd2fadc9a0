using Kit.Deploying;
using Kit.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(DeployingRegistration.ServiceName);
builder.AddDeploying();
builder.AddKitBus(x => x.AddDeployingConsumers());

var app = builder.Build();
app.MapKitHealth();
app.MapKitMetrics();
return app.RunKit();
