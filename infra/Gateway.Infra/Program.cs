using Amazon.CDK;
using Gateway.Infra;
using Gateway.Infra.Functions;

// The CDK app. cdk.json at the repository root runs it; `-c stage=dev` synthesizes one stage's stack, without it every
// stage the configuration declares gets one. See README.md, "Deploying".
var app = new App();
var deployment = DeploymentContext.Read(app.Node);
var config = GatewayConfigFile.Load(deployment.ConfigPath);

foreach (var stage in deployment.SelectStages(config))
{
    _ = new GatewayStack(app, new GatewayStackProps
    {
        Config = config,
        Stage = stage,
        CreateCode = () => FunctionBundle.Publish(deployment.Repository),
        RestApiFront = deployment.RestApiFront,
    });
}

app.Synth();
