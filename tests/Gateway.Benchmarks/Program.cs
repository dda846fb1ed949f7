using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

// dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance.AddColumn(new PercentileColumn(99));
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args, config);
