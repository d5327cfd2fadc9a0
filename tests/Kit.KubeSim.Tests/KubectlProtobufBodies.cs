namespace Kit.KubeSim.Tests;

/// <summary>Request bodies kubectl v1.32.4 sent for `kubectl create …` (base64 of the raw bytes, captured once).</summary>
static class KubectlProtobufBodies
{
    /// <summary>kubectl create configmap settings --from-literal=greeting=hello --from-file=blob=bin.dat (bytes 00 01 fe ff "bin")</summary>
    public const string ConfigMap = "azhzAAoPCgJ2MRIJQ29uZmlnTWFwEkUKHwoIc2V0dGluZ3MSABoHZGVmYXVsdCIAKgAyADgAQgASEQoIZ3JlZXRpbmcSBWhlbGxvGg8KBGJsb2ISBwAB/v9iaW4aACIA";

    /// <summary>kubectl create secret generic creds --from-literal=password='s3cr3t!'</summary>
    public const string Secret = "azhzAAoMCgJ2MRIGU2VjcmV0EjUKHAoFY3JlZHMSABoHZGVmYXVsdCIAKgAyADgAQgASEwoIcGFzc3dvcmQSB3MzY3IzdCEaABoAIgA=";

    /// <summary>kubectl create service nodeport web --tcp=80:http</summary>
    public const string Service = "azhzAAoNCgJ2MRIHU2VydmljZRJyCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhJECh4KBzgwLWh0dHASA1RDUBhQIgoIARAAGgRodHRwKAASCgoDYXBwEgN3ZWIaACIITm9kZVBvcnQ6AEIAUgBaAGAAaAAaAgoAGgAiAA==";

    /// <summary>kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=8080</summary>
    public const string Deployment = "azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50EsUBCiYKA3dlYhIAGgdkZWZhdWx0IgAqADIAOABCAFoKCgNhcHASA3dlYhKMAQgDEgwKCgoDYXBwEgN3ZWIacgocCgASABoAIgAqADIAOABCAFoKCgNhcHASA3dlYhJSEjQKBW5naW54EgpuZ2lueDoxLjI3KgAyCwoAEAAYkD8iACoAQgBqAHIAgAEAiAEAkAEAogEAGgAyAEIASgBSAFgAYABoAIIBAIoBAJoBAMIBACICCgAoADgAGgwIABAAGAAgACgAOAAaACIA";

    /// <summary>kubectl create job manual --from=cronjob/nightly (a CronJob with env, ports, resources and an httpGet probe on a named port)</summary>
    public const string Job = "azhzAAoPCghiYXRjaC92MRIDSm9iErkDCpABCgZtYW51YWwSABoHZGVmYXVsdCIAKgAyADgAQgBiKwohY3JvbmpvYi5rdWJlcm5ldGVzLmlvL2luc3RhbnRpYXRlEgZtYW51YWxqRAoHQ3JvbkpvYhoHbmlnaHRseSIkM2YxYzg4NWUtYWY0Mi00ZDk2LTkwOTUtYjZmMTEwMzk5ZGQyKghiYXRjaC92MTABEpkCMpQCCiAKABIAGgAiACoAMgA4AEIAWg4KA2FwcBIHbmlnaHRseRLvARLHAQoDcnVuEgxidXN5Ym94OjEuMzYiAnNoIgItYyIHZWNobyBoaSoAMhIKBGh0dHAQABiQPyIDVENQKgA6BgoBQRIBMToGCgFCEgEyQkMKDQoDY3B1EgYKBDUwMG0KEQoGbWVtb3J5EgcKBTEyOE1pEg0KA2NwdRIGCgQyNTBtEhAKBm1lbW9yeRIGCgQ2NE1pWiYKGhIYCgYvcmVhZHkSCggBEAAaBGh0dHAaACIAEAAYACAFKAAwAGoAcgCAAQCIAQCQAQCiAQAaCU9uRmFpbHVyZTIAQgBKAFIAWABgAGgAggEAigEAmgEAwgEAOAIaCCAAKAAwADoAGgAiAA==";

    /// <summary>kubectl create cronjob cj3 --image=busybox --schedule='*/5 * * * *'</summary>
    public const string CronJob = "azhzAAoTCghiYXRjaC92MRIHQ3JvbkpvYhKoAQoaCgNjajMSABoHZGVmYXVsdCIAKgAyADgAQgAShwEKCyovNSAqICogKiAqGgAqdgoTCgNjajMSABoAIgAqADIAOABCABJfMl0KEAoAEgAaACIAKgAyADgAQgASSRIiCgNjajMSB2J1c3lib3gqAEIAagByAIABAIgBAJABAKIBABoJT25GYWlsdXJlMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaABoAIgA=";

    /// <summary>kubectl create poddisruptionbudget budget --selector=app=web --min-available=50%</summary>
    public const string PodDisruptionBudget = "azhzAAogCglwb2xpY3kvdjESE1BvZERpc3J1cHRpb25CdWRnZXQSRgodCgZidWRnZXQSABoHZGVmYXVsdCIAKgAyADgAQgASGQoJCAEQABoDNTAlEgwKCgoDYXBwEgN3ZWIaCggAGAAgACgAMAAaACIA";
}
