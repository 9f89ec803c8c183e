using PgSnap.Emit;
using Xunit;

namespace PgSnap.Tests.Emit;

/// <summary>The public schema's privilege baseline and PUBLIC's entry, without a server.</summary>
public sealed class PublicSchemaPrivilegesTests
{
    [Fact]
    public void Since_15_the_baseline_is_what_the_owner_change_leaves()
    {
        var (baseline, preamble) = PublicSchemaPrivileges.Plan(["=U/o"], "o=UC/o", "=U/o", 150000);
        Assert.Equal(["o=UC/o", "=U/o"], baseline);
        Assert.Equal(string.Empty, preamble);
    }

    [Theory]
    [InlineData(new[] { "o=UC/o", "=UC/o" }, "GRANT CREATE ON SCHEMA public TO PUBLIC;\n")]
    [InlineData(new[] { "=U/o" }, "REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n")]
    [InlineData(new[] { "o=UC/o", "=C/o" }, "REVOKE USAGE ON SCHEMA public FROM PUBLIC;\nGRANT CREATE ON SCHEMA public TO PUBLIC;\n")]
    [InlineData(new[] { "o=UC/o", "=U/x" }, "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n")]
    public void Before_15_public_s_entry_is_set_privilege_by_privilege(string[] acl, string expected)
    {
        var (baseline, preamble) = PublicSchemaPrivileges.Plan(acl, "o=UC/o", "=U/o", 130000);
        Assert.Equal(expected, preamble);
        Assert.Equal(acl.Where(a => a.StartsWith('=') && a.EndsWith("/o", StringComparison.Ordinal)).Prepend("o=UC/o"), baseline);
    }
}
