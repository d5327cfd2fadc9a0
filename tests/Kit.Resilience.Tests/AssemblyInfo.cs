// The scenarios time recoveries and "normal time" on a 2-core machine: one at a time keeps those figures honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
