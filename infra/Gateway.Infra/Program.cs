using Amazon.CDK;
using Gateway.Infra;
using Gateway.Infra.Scale;

// The CDK app. cdk.json at the repository root runs it; `-c stage=dev` synthesizes one stage's stack, without it every
// stage the configuration declares gets one; `-c runtime=managed` and `-c arch=arm64` choose the functions' platform.
// See README.md, "Deploying".
var app = new App();
var deployment = DeploymentContext.Read(app.Node);
var config = GatewayConfigFile.Load(deployment.ConfigPath);
try
{
    GatewayStacks.Add(app, config, deployment.SelectStages(config), deployment.Repository, deployment.RestApiFront, deployment.Platform);
}
catch (UndeployableConfigurationException problem)
{
    // A configuration problem, not a bug: the limit's name is the whole message.
    await Console.Error.WriteLineAsync($"{config.SourceFile}: {problem.Message}");
    return 1;
}
app.Synth();
return 0;
