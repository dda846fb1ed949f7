using System.CommandLine;
using Gateway.Cli.Commands;

var root = new RootCommand("gatewayctl: run, invoke and manage the serverless API gateway")
{
    ServeCommand.Create(),
    InvokeCommand.Create(),
    ConfigCommand.Create(),
    ProtosCommand.Create(),
    TablesCommand.Create(),
    KeysCommand.Create(),
    TokenCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
