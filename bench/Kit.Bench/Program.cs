using Kit.Bench;

// Each scenario prints what it does and ends with one line:
// RESULT <scenario> ok=true|false seconds=… peak_mb=… <its own key=value>
var scenarios = new Dictionary<string, Func<string[], Task<BenchResult>>>
{
    ["kubesim"] = KubesimScenario.RunAsync,
    ["image-race"] = ImageRaceScenario.RunAsync,
    ["render"] = RenderScenario.RunAsync,
    ["deploy-fanout"] = DeployFanoutScenario.RunAsync,
    ["reconcile"] = ReconcileScenario.RunAsync,
    ["deploy-incremental"] = DeployIncrementalScenario.RunAsync,
    ["tracker"] = TrackerBench.RunAsync,
    ["soak"] = SoakScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Kit.Bench -- <{string.Join('|', scenarios.Keys)}> [options]");
    return 2;
}

var result = await run(args[1..]);
Console.WriteLine(result.Line(args[0]));
return result.Ok ? 0 : 1;
