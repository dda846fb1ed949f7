using Amazon.CDK;
using Gateway.Infra;

// The CDK app. cdk.json at the repository root runs it; `-c stage=dev` synthesizes one stage's stack, without it every
// stage the configuration declares gets one; `-c runtime=managed` and `-c arch=arm64` choose the functions' platform.
// See README.md, "Deploying".
var app = new App();
var deployment = DeploymentContext.Read(app.Node);
var config = GatewayConfigFile.Load(deployment.ConfigPath);
GatewayStacks.Add(app, config, deployment.SelectStages(config), deployment.Repository, deployment.RestApiFront, deployment.Platform);
app.Synth();
