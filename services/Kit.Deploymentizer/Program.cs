using Kit.Hosting;
using Kit.Deploymentizer;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(DeploymentizerService.Name);
builder.AddDeploymentizer();
builder.AddKitBus(x => x.AddDeploymentizerConsumers());

var app = builder.Build();
app.MapKitHealth();
return app.RunKit();
