using Kit.Hosting;
using Kit.Deployer;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(DeployerService.Name);
builder.AddDeployer();
builder.AddKitBus(x => x.AddDeployerConsumers());

var app = builder.Build();
app.MapKitHealth();
return app.RunKit();
