// The jsii runtime behind Amazon.CDK.Lib is not safe to start from two threads at once, and the CLI tests compete for
// the same two cores: the tests in this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
