using System.Text.Json.Nodes;
using Kit.Deploying.Rollout;

namespace Kit.Deploying.Tests;

public sealed class RolloutEvaluatorTests
{
    static RolloutStatus Evaluate(string json) => RolloutEvaluator.Evaluate(JsonNode.Parse(json)!);

    [Fact]
    public void A_deployment_is_done_when_every_replica_is_updated_ready_and_available()
    {
        Assert.True(Evaluate("""{"kind":"Deployment","metadata":{"generation":2},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}""").Done);
    }

    [Theory]
    [InlineData("""{"kind":"Deployment","metadata":{"generation":3},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}""", "observedGeneration")]
    [InlineData("""{"kind":"Deployment","metadata":{"generation":2},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":1,"readyReplicas":2,"availableReplicas":2}}""", "updated")]
    [InlineData("""{"kind":"Deployment","metadata":{"generation":2},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":3,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}""", "old replicas")]
    [InlineData("""{"kind":"Deployment","metadata":{"generation":2},"spec":{"replicas":2},"status":{"observedGeneration":2,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":1}}""", "available")]
    [InlineData("""{"kind":"Deployment","metadata":{"generation":1},"spec":{}}""", "observedGeneration")]
    public void A_deployment_waits_until_then(string json, string waitingOn)
    {
        var status = Evaluate(json);
        Assert.False(status.Done);
        Assert.Null(status.Failure);
        Assert.Contains(waitingOn, status.Waiting);
    }

    [Fact]
    public void A_deployment_past_its_progress_deadline_fails()
    {
        var status = Evaluate("""{"kind":"Deployment","metadata":{"generation":1},"spec":{"replicas":1},"status":{"observedGeneration":1,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded","message":"ReplicaSet web-1 has timed out progressing."}]}}""");
        Assert.Contains("ProgressDeadlineExceeded", status.Failure);
    }

    [Fact]
    public void A_daemon_set_needs_desired_updated_and_available_equal()
    {
        Assert.True(Evaluate("""{"kind":"DaemonSet","metadata":{"generation":1},"status":{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":3}}""").Done);
        Assert.False(Evaluate("""{"kind":"DaemonSet","metadata":{"generation":1},"status":{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":3,"numberAvailable":2}}""").Done);
        Assert.False(Evaluate("""{"kind":"DaemonSet","metadata":{"generation":1},"status":{"observedGeneration":1,"desiredNumberScheduled":3,"updatedNumberScheduled":2,"numberAvailable":3}}""").Done);
        Assert.False(Evaluate("""{"kind":"DaemonSet","metadata":{"generation":1},"status":{"observedGeneration":1}}""").Done);
    }

    [Fact]
    public void A_stateful_set_needs_every_replica_ready_and_updated()
    {
        Assert.True(Evaluate("""{"kind":"StatefulSet","metadata":{"generation":1},"spec":{"replicas":2},"status":{"observedGeneration":1,"readyReplicas":2,"updatedReplicas":2}}""").Done);
        Assert.False(Evaluate("""{"kind":"StatefulSet","metadata":{"generation":1},"spec":{"replicas":2},"status":{"observedGeneration":1,"readyReplicas":1,"updatedReplicas":2}}""").Done);
    }

    [Fact]
    public void A_job_is_done_when_complete_and_failed_when_failed()
    {
        Assert.True(Evaluate("""{"kind":"Job","status":{"conditions":[{"type":"Complete","status":"True"}]}}""").Done);
        Assert.False(Evaluate("""{"kind":"Job","status":{}}""").Done);
        Assert.Contains("BackoffLimitExceeded", Evaluate("""{"kind":"Job","status":{"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""").Failure);
    }

    [Fact]
    public void Failing_containers_are_named_and_ignored_reasons_left_out()
    {
        var pods = JsonNode.Parse("""
            {"items":[
              {"metadata":{"name":"web-1"},"status":{"containerStatuses":[{"name":"web","state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}}}]}},
              {"metadata":{"name":"web-2"},"status":{"initContainerStatuses":[{"name":"init","state":{"waiting":{"reason":"CrashLoopBackOff"}}}],"containerStatuses":[{"name":"web","state":{"waiting":{"reason":"PodInitializing"}}}]}},
              {"metadata":{"name":"web-3"},"status":{"containerStatuses":[{"name":"web","state":{"running":{}}}]}}
            ]}
            """);
        var failures = PodHealth.Failures(pods, []);
        Assert.Equal(["pod web-1 container web: ImagePullBackOff: Back-off pulling image", "pod web-2 container init: CrashLoopBackOff"], failures.Select(f => f.ToString()));
        Assert.Equal(["web-2"], PodHealth.Failures(pods, ["ImagePullBackOff"]).Select(f => f.Pod));
    }
}
