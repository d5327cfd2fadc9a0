using Kit.Hosting;
using Kit.ImageDeployer;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(ImageDeployerService.Name);
builder.AddImageDeployer();
builder.AddKitBus(x => x.AddImageDeployerConsumers());

var app = builder.Build();
app.MapKitHealth();
return app.RunKit();
