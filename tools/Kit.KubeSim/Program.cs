using Kit.KubeSim;

return await KubeSimCommand.RunAsync(args);
