using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gateway.Authorization.ApiKeys;
using Gateway.Cli.Auth;
using Gateway.Cli.Keys;
using Gateway.Configuration;
using Gateway.State;
using Gateway.Stores.DynamoDb;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gatewayctl keys issue|list|usage|revoke|disable|enable|rotate</c>: tenant API keys in the gateway's table, against DynamoDB Local
/// (<c>--endpoint</c>) or the deployed table (<c>GATEWAY_TABLE_NAME</c> and the standard AWS credential chain). A key
/// is printed once, when issued; afterwards only its id and last four characters are shown.
/// </summary>
internal static class KeysCommand
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var endpoint = new Option<string?>("--endpoint") { Description = $"The DynamoDB endpoint, e.g. DynamoDB Local (default: {EnvironmentVariables.DynamoDbEndpoint}, else AWS)", Recursive = true };
        var table = new Option<string?>("--table") { Description = $"The table (default: {EnvironmentVariables.TableName}, else {TablesCommand.DefaultTableName})", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print JSON for machines", Recursive = true };

        var tenant = new Option<string>("--tenant") { Description = "The tenant (letters, digits, '-' and '_')", Required = true };
        var plan = new Option<string>("--plan") { Description = "The usage plan (one of the configuration's usagePlans)", Required = true };
        var expires = new Option<string?>("--expires") { Description = "When the key stops working: a duration (90d) or a UTC time (2027-01-31T00:00:00Z); default never" };
        var config = new Option<FileInfo?>("--config") { Description = "The configuration whose usage plans are valid (default: GATEWAY_CONFIG, else the bundled sample)" };
        var issue = new Command("issue", "Issue a key for a tenant on a usage plan; the key is printed once") { tenant, plan, expires, config };
        issue.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            IssueAsync(tables.Keys, parse.GetValue(config), parse.GetValue(tenant)!, parse.GetValue(plan)!, parse.GetValue(expires), parse.GetValue(json), cancellation)));

        var listTenant = new Option<string>("--tenant") { Description = "The tenant", Required = true };
        var list = new Command("list", "List a tenant's keys (ids and last four characters, never the keys)") { listTenant };
        list.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            ListAsync(tables.Keys, parse.GetValue(listTenant)!, parse.GetValue(json), cancellation)));

        var revokeId = new Argument<string>("KEY_ID") { Description = "The key's id, as issue and list show it" };
        var revoke = new Command("revoke", "Revoke a key") { revokeId };
        revoke.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            RevokeAsync(tables.Keys, parse.GetValue(revokeId)!, cancellation)));

        var disable = StatusCommand("disable", "Disable a key: refused until enabled again (revoke is permanent)", ApiKeyStatus.Active, ApiKeyStatus.Disabled, endpoint, table);
        var enable = StatusCommand("enable", "Enable a disabled key again", ApiKeyStatus.Disabled, ApiKeyStatus.Active, endpoint, table);

        var usageId = new Argument<string>("KEY_ID") { Description = "The key's id, as issue and list show it" };
        var usageConfig = new Option<FileInfo?>("--config") { Description = "The configuration the plan comes from (default: GATEWAY_CONFIG, else the bundled sample)" };
        var usage = new Command("usage", "Show the key's plan and how much of each of its limits is used now (the tenant's, shared by its keys)") { usageId, usageConfig };
        usage.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            UsageAsync(tables, parse.GetValue(usageId)!, parse.GetValue(usageConfig), parse.GetValue(json), cancellation)));

        var rotateId = new Argument<string>("KEY_ID") { Description = "The key to replace" };
        var grace = new Option<string>("--grace") { Description = "How long the old key keeps working, e.g. 1h, 7d", DefaultValueFactory = _ => "24h" };
        var rotateExpires = new Option<string?>("--expires") { Description = "When the new key stops working (default: when the old one would have)" };
        var rotate = new Command("rotate", "Issue a replacement key (printed once); the old one keeps working for the grace period") { rotateId, grace, rotateExpires };
        rotate.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            RotateAsync(tables.Keys, parse.GetValue(rotateId)!, parse.GetValue(grace)!, parse.GetValue(rotateExpires), parse.GetValue(json), cancellation)));

        return new Command("keys", "Manage tenant API keys") { endpoint, table, json, issue, list, usage, revoke, disable, enable, rotate };
    }

    /// <summary>The table's keys, and its counters (read by <c>usage</c> only).</summary>
    private sealed record KeysTable(IApiKeyStore Keys, DynamoDbCounterStore Counters);

    private static async Task<int> RunAsync(string? endpoint, string? table, Func<KeysTable, Task<int>> action)
    {
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            Console.Error.WriteLine($"gatewayctl keys: --endpoint \"{endpoint}\" is not an absolute URL");
            return 1;
        }
        Func<string, string?> environment = endpoint is null
            ? Environment.GetEnvironmentVariable
            : variable => variable == EnvironmentVariables.DynamoDbEndpoint ? endpoint : Environment.GetEnvironmentVariable(variable);
        using var client = DynamoDbStores.CreateClient(environment, CallTimeout);
        try
        {
            var name = TablesCommand.ResolveTableName(table);
            return await action(new KeysTable(
                new DynamoDbApiKeyStore(client, name, new CallTimeout(CallTimeout)),
                new DynamoDbCounterStore(client, name, new CallTimeout(CallTimeout)))).ConfigureAwait(false);
        }
        catch (StoreUnavailableException exception)
        {
            Console.Error.WriteLine($"gatewayctl keys: {exception.InnerException?.Message ?? exception.Message}");
            return 1;
        }
    }

    private static async Task<int> IssueAsync(IApiKeyStore store, FileInfo? configFile, string tenant, string plan, string? expiresText, bool json, CancellationToken cancellation)
    {
        if (!IsTenantName(tenant))
        {
            Console.Error.WriteLine($"gatewayctl keys issue: --tenant \"{tenant}\" may contain only letters, digits, '-' and '_'");
            return 1;
        }
        if (CliConfig.Load(configFile) is not { } config)
        {
            return 1;
        }
        if (!config.UsagePlans.ContainsKey(plan))
        {
            Console.Error.WriteLine($"gatewayctl keys issue: unknown usage plan \"{plan}\" ({config.SourceFile} has: {string.Join(", ", config.UsagePlans.Keys)})");
            return 1;
        }
        var now = DateTimeOffset.UtcNow;
        if (!TryParseExpiry(expiresText, now, out var expires))
        {
            Console.Error.WriteLine($"gatewayctl keys issue: --expires \"{expiresText}\" is not a duration (90d) or a future UTC time (2027-01-31T00:00:00Z)");
            return 1;
        }
        var (key, record) = NewKey(tenant, plan, now, expires);
        if (!await store.CreateAsync(record, cancellation).ConfigureAwait(false))
        {
            Console.Error.WriteLine("gatewayctl keys issue: a key with the same id exists (try again)");
            return 1;
        }
        PrintIssued(key, record, json);
        return 0;
    }

    private static async Task<int> ListAsync(IApiKeyStore store, string tenant, bool json, CancellationToken cancellation)
    {
        var keys = await store.ListAsync(tenant, cancellation).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        if (json)
        {
            WriteJson(writer =>
            {
                writer.WriteStartArray();
                foreach (var key in keys)
                {
                    writer.WriteStartObject();
                    WriteKeyFields(writer, key);
                    writer.WriteString("status", Status(key, now));
                    if (key.ReplacedBy is { } by)
                    {
                        writer.WriteString("replacedBy", by);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
            return 0;
        }
        if (keys.Count == 0)
        {
            Console.WriteLine($"tenant {tenant} has no keys");
            return 0;
        }
        Console.WriteLine($"{"ID",-17} {"KEY",-12} {"PLAN",-10} {"STATUS",-8} {"CREATED",-21} EXPIRES");
        foreach (var key in keys)
        {
            Console.WriteLine($"{key.Id,-17} {Masked(key),-12} {key.Plan,-10} {Status(key, now),-8} {Time(key.Created),-21} {(key.Expires is { } at ? Time(at) : "never")}");
        }
        return 0;
    }

    private static async Task<int> UsageAsync(KeysTable tables, string keyId, FileInfo? configFile, bool json, CancellationToken cancellation)
    {
        if (!ApiKeyFormat.IsKeyId(keyId))
        {
            Console.Error.WriteLine($"gatewayctl keys usage: \"{keyId}\" is not a key id (16 hex digits, as keys list shows)");
            return 1;
        }
        if (CliConfig.Load(configFile) is not { } config)
        {
            return 1;
        }
        if (await tables.Keys.FindAsync(keyId, cancellation).ConfigureAwait(false) is not { } key)
        {
            Console.Error.WriteLine($"gatewayctl keys usage: no key with id {keyId}");
            return 1;
        }
        if (!config.UsagePlans.TryGetValue(key.Plan, out var plan))
        {
            Console.Error.WriteLine($"gatewayctl keys usage: key {keyId} is on plan \"{key.Plan}\", which {config.SourceFile} does not have");
            return 1;
        }
        var now = DateTimeOffset.UtcNow;
        var limits = await PlanUsage.ReadAsync(key, plan, tables.Counters.ReadAsync, now, cancellation).ConfigureAwait(false);
        if (json)
        {
            WriteJson(writer =>
            {
                writer.WriteStartObject();
                WriteKeyFields(writer, key);
                writer.WriteString("status", Status(key, now));
                writer.WriteStartArray("limits");
                foreach (var limit in limits)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", limit.Name);
                    writer.WriteString("description", limit.Description);
                    writer.WriteNumber("used", limit.Used);
                    writer.WriteNumber("limit", limit.Limit);
                    writer.WriteNumber("resetAfterSeconds", Math.Ceiling(limit.ResetAfter.TotalSeconds));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return 0;
        }
        Console.WriteLine($"key {key.Id} ({Status(key, now)}), tenant {key.Tenant}, plan {key.Plan}");
        foreach (var limit in limits)
        {
            Console.WriteLine($"  {limit.Name,-28} {limit.Used,8} of {limit.Limit,-8} used   ({limit.Description}; whole again in {Math.Ceiling(limit.ResetAfter.TotalSeconds)}s)");
        }
        return 0;
    }

    private static Command StatusCommand(string verb, string description, ApiKeyStatus from, ApiKeyStatus to, Option<string?> endpoint, Option<string?> table)
    {
        var keyId = new Argument<string>("KEY_ID") { Description = "The key's id, as issue and list show it" };
        var command = new Command(verb, description) { keyId };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(endpoint), parse.GetValue(table), tables =>
            ChangeStatusAsync(tables.Keys, verb, parse.GetValue(keyId)!, from, to, cancellation)));
        return command;
    }

    private static async Task<int> ChangeStatusAsync(IApiKeyStore store, string verb, string keyId, ApiKeyStatus from, ApiKeyStatus to, CancellationToken cancellation)
    {
        if (!ApiKeyFormat.IsKeyId(keyId))
        {
            Console.Error.WriteLine($"gatewayctl keys {verb}: \"{keyId}\" is not a key id (16 hex digits, as keys list shows)");
            return 1;
        }
        if (!await store.ChangeStatusAsync(keyId, from, to, cancellation).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"gatewayctl keys {verb}: no {from.ToString().ToLowerInvariant()} key with id {keyId}");
            return 1;
        }
        Console.WriteLine($"key {keyId} is {to.ToString().ToLowerInvariant()}; the change reaches every authorizer within auth.apiKeys.cacheTtl + auth.cacheTtl");
        return 0;
    }

    private static async Task<int> RevokeAsync(IApiKeyStore store, string keyId, CancellationToken cancellation)
    {
        if (!ApiKeyFormat.IsKeyId(keyId))
        {
            Console.Error.WriteLine($"gatewayctl keys revoke: \"{keyId}\" is not a key id (16 hex digits, as keys list shows)");
            return 1;
        }
        if (!await store.RevokeAsync(keyId, DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"gatewayctl keys revoke: no key with id {keyId}");
            return 1;
        }
        Console.WriteLine($"revoked key {keyId}; it stops working within the authorizer's key cache TTL plus API Gateway's result cache TTL (auth.apiKeys.cacheTtl + auth.cacheTtl)");
        return 0;
    }

    private static async Task<int> RotateAsync(IApiKeyStore store, string keyId, string graceText, string? expiresText, bool json, CancellationToken cancellation)
    {
        if (!ApiKeyFormat.IsKeyId(keyId))
        {
            Console.Error.WriteLine($"gatewayctl keys rotate: \"{keyId}\" is not a key id (16 hex digits, as keys list shows)");
            return 1;
        }
        if (!CliConfig.TryParseDuration(graceText, out var grace) && graceText != "0s")
        {
            Console.Error.WriteLine($"gatewayctl keys rotate: --grace \"{graceText}\" is not a duration (e.g. 1h, 7d)");
            return 1;
        }
        var now = DateTimeOffset.UtcNow;
        if (await store.FindAsync(keyId, cancellation).ConfigureAwait(false) is not { } old || !old.IsUsableAt(now))
        {
            Console.Error.WriteLine($"gatewayctl keys rotate: no active key with id {keyId}");
            return 1;
        }
        if (!TryParseExpiry(expiresText, now, out var expires))
        {
            Console.Error.WriteLine($"gatewayctl keys rotate: --expires \"{expiresText}\" is not a duration (90d) or a future UTC time (2027-01-31T00:00:00Z)");
            return 1;
        }
        var (key, replacement) = NewKey(old.Tenant, old.Plan, now, expiresText is null ? old.Expires : expires);
        var oldExpires = old.Expires is { } current && current < now + grace ? current : now + grace;
        if (!await store.RotateAsync(keyId, oldExpires, replacement, cancellation).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"gatewayctl keys rotate: key {keyId} changed meanwhile (revoked or rotated); nothing was issued");
            return 1;
        }
        PrintIssued(key, replacement, json, (keyId, oldExpires));
        return 0;
    }

    private static (string Key, ApiKeyRecord Record) NewKey(string tenant, string plan, DateTimeOffset now, DateTimeOffset? expires)
    {
        var (key, id) = ApiKeyFormat.Generate();
        return (key, new ApiKeyRecord
        {
            Id = id,
            Hash = ApiKeyFormat.Hash(key),
            Tenant = tenant,
            Plan = plan,
            Created = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
            Expires = expires,
            LastFour = ApiKeyFormat.LastFour(key),
        });
    }

    private static void PrintIssued(string key, ApiKeyRecord record, bool json, (string Id, DateTimeOffset Until)? replaced = null)
    {
        if (json)
        {
            WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("key", key);
                WriteKeyFields(writer, record);
                if (replaced is { } old)
                {
                    writer.WriteString("replaces", old.Id);
                    writer.WriteString("replacedKeyExpires", Time(old.Until));
                }
                writer.WriteEndObject();
            });
            return;
        }
        Console.WriteLine($"key:     {key}");
        Console.WriteLine("         (shown only now: store it safely; the gateway keeps only its SHA-256)");
        Console.WriteLine($"id:      {record.Id}");
        Console.WriteLine($"tenant:  {record.Tenant}");
        Console.WriteLine($"plan:    {record.Plan}");
        Console.WriteLine($"expires: {(record.Expires is { } at ? Time(at) : "never")}");
        if (replaced is { } previous)
        {
            Console.WriteLine($"replaces {previous.Id}, which keeps working until {Time(previous.Until)}");
        }
    }

    private static void WriteKeyFields(Utf8JsonWriter writer, ApiKeyRecord key)
    {
        writer.WriteString("id", key.Id);
        writer.WriteString("lastFour", key.LastFour);
        writer.WriteString("tenant", key.Tenant);
        writer.WriteString("plan", key.Plan);
        writer.WriteString("created", Time(key.Created));
        if (key.Expires is { } expires)
        {
            writer.WriteString("expires", Time(expires));
        }
        else
        {
            writer.WriteNull("expires");
        }
    }

    private static void WriteJson(Action<Utf8JsonWriter> write)
    {
        using var output = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }
        output.WriteByte((byte)'\n');
    }

    private static bool TryParseExpiry(string? text, DateTimeOffset now, out DateTimeOffset? expires)
    {
        expires = null;
        if (text is null)
        {
            return true;
        }
        if (CliConfig.TryParseDuration(text, out var duration))
        {
            expires = now + duration;
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && at > now)
        {
            expires = at;
            return true;
        }
        return false;
    }

    private static bool IsTenantName(string tenant) =>
        tenant.Length is > 0 and <= 128 && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Status(ApiKeyRecord key, DateTimeOffset now) => key.Status switch
    {
        ApiKeyStatus.Active => key.IsUsableAt(now) ? "active" : "expired",
        ApiKeyStatus.Revoked => "revoked",
        ApiKeyStatus.Disabled => "disabled",
        _ => "unrecognized (refused)",
    };

    private static string Masked(ApiKeyRecord key) => $"{ApiKeyFormat.Prefix}…{key.LastFour}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
