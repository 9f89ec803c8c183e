using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Majors;

/// <summary>The cross-major normalisations touch only what they document.</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class CrossMajorNormalisationTests
{
    private const string PublicSchema = "schema\tpublic\towner=postgres acl==UC/postgres comment=NULL";
    private const string Generated = "column\tapp.t.total\tpos=6 type=numeric default=date_part('epoch'::text, duration) generated=s";
    private const string NotNull = "constraint:n\tapp.events_2025.events_2025_at_not_null\tNOT NULL at local=f/1 comment=NULL";

    [Fact]
    public void Within_one_major_nothing_is_changed()
    {
        Assert.Equal(PublicSchema, CrossMajorNormalisation.Map(PublicSchema, 17, 17));
        Assert.Equal(Generated, CrossMajorNormalisation.Map(Generated, 13, 13));
        Assert.Equal(NotNull, CrossMajorNormalisation.Map(NotNull, 18, 18));
    }

    [Fact]
    public void The_public_schema_is_left_out_only_across_the_15_boundary()
    {
        Assert.Null(CrossMajorNormalisation.Map(PublicSchema, 14, 17));
        Assert.Equal(PublicSchema, CrossMajorNormalisation.Map(PublicSchema, 15, 18));
    }

    [Fact]
    public void A_13_date_part_reads_as_the_extract_it_came_from()
    {
        Assert.Contains("default=EXTRACT(epoch FROM duration)", CrossMajorNormalisation.Map(Generated, 13, 18), StringComparison.Ordinal);
        Assert.Equal(Generated, CrossMajorNormalisation.Map(Generated, 14, 18));
    }

    [Fact]
    public void Not_null_constraints_moved_into_18_are_keyed_by_table_and_column_and_keep_their_flags()
    {
        var mapped = CrossMajorNormalisation.Map(NotNull, 17, 18);

        Assert.Equal("constraint:n\tapp.events_2025.(not null on at)\tNOT NULL at local=f/1 comment=NULL", mapped);
        Assert.Equal(mapped, CrossMajorNormalisation.Map("constraint:n\tapp.events_2025.events_at_not_null\tNOT NULL at local=f/1 comment=NULL", 17, 18));
        Assert.NotEqual(mapped, CrossMajorNormalisation.Map("constraint:n\tapp.events_2025.events_at_not_null\tNOT NULL at local=t/0 comment=NULL", 17, 18));
    }
}
