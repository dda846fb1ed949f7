using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace Gateway.Infra.Storage;

/// <summary>The gateway's state: its one DynamoDB table, and the secret holding the JWT signing key.</summary>
public sealed class GatewayStorage : Construct
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLiveAttribute = "ttl";

    public GatewayStorage(Construct scope, string id, StageProfile profile)
        : base(scope, id)
    {
        Table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Attribute { Name = PartitionKey, Type = AttributeType.STRING },
            SortKey = new Attribute { Name = SortKey, Type = AttributeType.STRING },
            TimeToLiveAttribute = TimeToLiveAttribute,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = profile.IsProduction,
            DeletionProtection = profile.IsProduction,
            RemovalPolicy = profile.DataRemovalPolicy,
        });
        JwtSecret = new Secret(this, "JwtSigningKey", new SecretProps
        {
            Description = "HMAC key the authorizer verifies gateway-issued JWTs with. Rotate: README.md, Deploying.",
            // 64 characters from 62 letters and digits: about 380 bits, more than HS256 needs.
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true },
            RemovalPolicy = profile.DataRemovalPolicy,
        });
    }

    public Table Table { get; }

    public Secret JwtSecret { get; }
}
