using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// Class 2: paths an upstream reads as a protected one, spelled so that a gateway matching bytes would take a public
/// route. Unreserved escapes of every character of each protected literal segment (upper, lower and mixed hex), letter
/// case, both at once, and doubled slashes are the protected route (401 without a token; with one, forwarded in the
/// canonical spelling). <c>;parameters</c> in every segment position, encoded slashes and dot segments in their many
/// encodings, alone and combined with the respellings, are refused or forwarded as the invariant allows.
/// </summary>
public sealed class PathEquivalenceFamily(EdgeCredentials credentials) : IEdgeFamily
{
    public const string FamilyName = "path-equivalence";

    public string Name => FamilyName;

    public IEnumerable<EdgeCase> Generate(CorpusSettings settings)
    {
        var random = settings.RandomFor(Name);
        var ids = new CaseIds(Name);
        var all = Enumerable.Empty<EdgeCase>();
        foreach (var target in ProtectedTarget.All)
        {
            all = all.Concat(Respelled(ids, random, settings, target)).Concat(Parameters(ids, target)).Concat(Refused(ids, random, target));
        }
        return all.Concat(Matrix(ids));
    }

    /// <summary>Spellings that mean the protected path: the gateway must read them as it.</summary>
    private IEnumerable<EdgeCase> Respelled(CaseIds ids, Random random, CorpusSettings settings, ProtectedTarget target)
    {
        var spellings = Spellings.Escapes(target.Literal, random, settings.Sample(6))
            .Concat(Spellings.Case(target.Literal, random, settings.Sample(3)))
            .Select(s => (s.Label, Path: $"/{s.Text}{target.Rest}"))
            .Append(("control", target.Path))
            .Append(("doubled leading slash", "/" + target.Path));
        if (target.Rest.Length > 0)
        {
            spellings = spellings
                .Append(("doubled inner slash", $"/{target.Literal}/{target.Rest}"))
                .Append(("parameter escaped", $"/{target.Literal}/{string.Concat(target.Rest[1..].Select(c => Spellings.Escape(c, upper: false)))}"));
        }
        foreach (var (label, path) in spellings)
        {
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"{target.Name}: {path} ({label})", target.Request(path), credential, target.Answer(credential));
            }
        }
        // One trailing slash is kept: it is the client's, and routes ignore it.
        var trailing = $"/{target.Literal.ToUpperInvariant()}{target.Rest}/";
        yield return EdgeCase.Of(ids, $"{target.Name}: {trailing}", target.Request(trailing), EdgeCredential.None, Expect.Unauthorized);
        yield return EdgeCase.Of(ids, $"{target.Name}: {trailing}", target.Request(trailing), credentials.Valid, EdgeExpect.Forwarded(target.Path + "/", credentials.Valid.Identity));
        yield return EdgeCase.Of(ids, $"{target.Name}: {target.Path}", target.Request(target.Path), credentials.Expired, Expect.Unauthorized);
    }

    /// <summary>
    /// <c>;parameters</c> where a Servlet container would cut them: after the literal segment, after what follows, on
    /// the trailing slash, encoded, and as a segment of their own. None of these routes takes them.
    /// </summary>
    private IEnumerable<EdgeCase> Parameters(CaseIds ids, ProtectedTarget target)
    {
        var rest = target.Rest;
        var paths = new List<string>
        {
            $"/{target.Literal};x=1{rest}", $"/{target.Literal};{rest}", $"/{target.Literal}{rest};x", $"/{target.Literal}{rest}/;x",
            $"/;x/{target.Literal}{rest}", $"/{target.Literal}%3Bx{rest}", $"/{target.Literal}%3bx{rest}", $"/%61{target.Literal[1..]};x{rest}",
            $"/{target.Literal.ToUpperInvariant()};jsessionid=1{rest}", $"/public;x/..;/{target.Literal}{rest}", $"/{target.Literal};x/;y{rest}",
        };
        foreach (var path in paths)
        {
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"{target.Name}: {path}", target.Request(path), credential, Expect.Invariant);
            }
        }
    }

    /// <summary>Encoded slashes and dot segments: 400 invalid_path in every spelling, respelled literal segments included.</summary>
    private static IEnumerable<EdgeCase> Refused(CaseIds ids, Random random, ProtectedTarget target)
    {
        var literal = target.Literal;
        var respelled = Spellings.Escapes(literal, random, 1).Last().Text;
        var rest = target.Rest.Length > 0 ? target.Rest : "/x";
        var paths = new[]
        {
            $"/{literal}%2F{rest[1..]}", $"/{literal}%2f{rest[1..]}", $"/%2F{literal}{rest}", $"/public%2F..%2F{literal}{rest}", $"/{respelled}%2F{rest[1..]}",
            $"/public/../{literal}{rest}", $"/public/%2e%2e/{literal}{rest}", $"/public/%2E%2E/{respelled}{rest}", $"/public/.%2e/{literal}{rest}",
            $"/./{literal}{rest}", $"/%2e/{literal}{rest}", $"/{literal}/.{rest}", $"/{literal}/%2E{rest}", $"/public/..;/{literal}{rest}",
            $"/public/..;x=1/{respelled}{rest}", $"/public/..%2F{literal}{rest}", $"/public/%2e%2e%2f{literal}{rest}", $"//public/../{literal}{rest}",
            $"/{literal}{rest}/..", $"/{literal.ToUpperInvariant()}/../{literal}{rest}",
        };
        foreach (var path in paths)
        {
            yield return EdgeCase.Of(ids, $"{target.Name}: {path}", target.Request(path), EdgeCredential.None, Expect.InvalidPath);
        }
    }

    /// <summary>The route that opts in to <c>;parameters</c> receives them as sent, in its own spelling.</summary>
    private IEnumerable<EdgeCase> Matrix(CaseIds ids)
    {
        yield return EdgeCase.Of(ids, "matrix: /matrix/1;v=2", new() { Target = "/matrix/1;v=2" }, EdgeCredential.None, EdgeExpect.Public("/matrix/1;v=2"));
        foreach (var path in new[] { "/MATRIX/1;v=2", "/%6Datrix/1;v=2", "/matrix;x/1", "/matrix/1;", "/matrix/;v/1" })
        {
            yield return EdgeCase.Of(ids, $"matrix: {path}", new() { Target = path }, credentials.Valid, Expect.Invariant);
        }
    }
}
