using System.CommandLine;
using Kit.Cli.Commands;

var root = new RootCommand("kit: continuous deployment of services to many Kubernetes clusters from one git repository.")
{
    PublishCommand.Create(),
    UpCommand.Create(),
    DemoCommand.Create(),
    RenderCommand.Create(),
    StatusCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
