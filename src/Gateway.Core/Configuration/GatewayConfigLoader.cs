using Gateway.Configuration.Sections;
using Gateway.Grpc;
using Gateway.Policies;

namespace Gateway.Configuration;

/// <summary>
/// Loads the gateway's one configuration file into immutable records, validating everything once. It never throws
/// for a bad file: every problem is collected and reported with its file, line and field.
/// </summary>
/// <param name="protos">Compiles the <c>.proto</c> files gRPC services name; by default their precompiled descriptor
/// sets (<see cref="ProtosetCompiler"/>), the only way that stays trim/AOT safe.</param>
public sealed class GatewayConfigLoader(PolicyCatalog catalog, Func<string, string?> environment, IProtoCompiler protos)
{
    private static readonly string[] Sections = ["gateway", "services", "routes", "usagePlans", "stages", "policies", "auth", "functions", "tenants"];

    public GatewayConfigLoader()
        : this(PolicyCatalog.Default, Environment.GetEnvironmentVariable)
    {
    }

    public GatewayConfigLoader(PolicyCatalog catalog, Func<string, string?> environment)
        : this(catalog, environment, new ProtosetCompiler())
    {
    }

    /// <summary>The host the configuration is checked for; by default the strictest, Lambda.</summary>
    public HostProfile Host { get; init; } = HostProfile.Lambda;

    public ConfigLoadResult LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(null, [new ConfigProblem(path, 0, string.Empty, $"cannot read the file: {exception.Message}")]);
        }
        return Parse(text, path);
    }

    public ConfigLoadResult Parse(string yaml, string sourceName)
    {
        var document = new ConfigDocument(sourceName, environment);
        if (!YamlText.TryParse(yaml, document, out var rootNode))
        {
            return new ConfigLoadResult(null, document.Problems);
        }

        var root = ConfigNode.Root(document, rootNode);
        if (!root.IsMapping)
        {
            root.Error("the file must be a mapping with the sections: " + string.Join(", ", Sections));
            return new ConfigLoadResult(null, document.Problems);
        }
        root.AllowKeys(Sections);

        var settings = SettingsSection.Read(root["gateway"], Host);
        var services = ServicesSection.Read(root["services"], new ProtoFiles(protos, sourceName, document));
        var stages = StagesSection.Read(root["stages"]);
        var plans = UsagePlansSection.Read(root["usagePlans"]);
        var defaults = PoliciesSection.Read(root["policies"], catalog);
        var routes = RoutesSection.Read(root["routes"], services, defaults, catalog, settings);
        UsagePlansSection.CheckRouteReferences(root["usagePlans"], plans, routes);
        var auth = AuthSection.Read(root["auth"]);
        var functions = FunctionsSection.Read(root["functions"]);
        var tenants = TenantsSection.Read(root["tenants"], plans);

        if (document.HasProblems)
        {
            return new ConfigLoadResult(null, document.Problems);
        }
        var config = new GatewayConfig
        {
            SourceFile = sourceName,
            Settings = settings,
            Services = services,
            Routes = routes,
            UsagePlans = plans,
            Stages = stages,
            DefaultPolicies = defaults,
            Auth = auth,
            Functions = functions,
            Tenants = tenants,
            Catalog = catalog,
        };
        return new ConfigLoadResult(config, []);
    }
}
