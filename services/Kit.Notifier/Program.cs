using Kit.Hosting;
using Kit.Notifier;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddKitDefaults(NotifierService.Name);
builder.AddNotifier();
builder.AddKitBus(x => x.AddNotifierConsumers());

var app = builder.Build();
app.MapKitHealth();
return app.RunKit();
